// LinearModel: an existing MILP read from a solver file (free/fixed MPS, CPLEX LP), before it is
// merged with network encodings (passes/embed_model.h). Unlike ir::MilpModel it keeps what the
// file said: verbatim names, the objective sense, ranged rows, and row/column order.
//
//   minimize|maximize  sum objective + objective_constant
//   subject to         row.lower <= sum row.terms <= row.upper   (per row; -inf/+inf for a side
//                                                                  that is absent)
//                      column.lower <= x <= column.upper, x integer if is_integer
//
// Readers guarantee: names unique per kind (columns, rows), terms merged (one per column),
// lower <= upper, no NaN; infinities only as the bound values -inf/+inf.
#ifndef NN2MILP_IR_LINEAR_MODEL_H_
#define NN2MILP_IR_LINEAR_MODEL_H_

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace nn2milp::ir {

struct LinearModel {
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  struct Column {
    std::string name;
    double lower = 0;
    double upper = kInf;
    bool is_integer = false;
  };
  struct Row {
    std::string name;
    double lower = -kInf;
    double upper = kInf;
    std::vector<std::pair<int32_t, double>> terms;  // (column index, coefficient), by column
  };
  std::string name;            // MPS NAME card, or "" (LP)
  std::string objective_name;  // the N row / the LP objective label ("" when unnamed)
  bool maximize = false;
  std::vector<std::pair<int32_t, double>> objective;  // by column
  double objective_constant = 0;
  std::vector<Column> columns;
  std::vector<Row> rows;

  // Index of the column called `name`, or -1.
  int32_t FindColumn(const std::string& column_name) const {
    for (size_t i = 0; i < columns.size(); ++i) {
      if (columns[i].name == column_name) return static_cast<int32_t>(i);
    }
    return -1;
  }
};

}  // namespace nn2milp::ir

#endif  // NN2MILP_IR_LINEAR_MODEL_H_
