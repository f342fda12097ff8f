#include "frontend/mps_reader.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "frontend/lp_reader.h"
#include "frontend/text_file.h"
#include "ir/base/number_parse.h"
#include "ir/base/status_macros.h"

namespace nn2milp::frontend {
namespace {

constexpr double kInf = ir::LinearModel::kInf;

struct Token {
  absl::string_view text;
  int column = 0;  // 1-based
};

enum class Section { kNone, kName, kObjSense, kObjName, kRows, kColumns, kRhs, kRanges, kBounds, kEnd };

struct RowInfo {
  char type = 'E';  // 'N', 'L', 'G', 'E'
  double rhs = 0;
  std::optional<double> range;
  int32_t index = -1;  // in model.rows, or -1 for N rows
};

struct ColumnInfo {
  bool lower_set = false;
  bool upper_set = false;
  bool any_bound = false;
  int line = 0;  // of the negative UP card, for the note
};

class MpsParser {
 public:
  MpsParser(absl::string_view file, Diagnostics& diag) : file_(file), diag_(diag) {}

  absl::StatusOr<ir::LinearModel> Parse(absl::string_view text) {
    int line_no = 0;
    size_t pos = 0;
    while (pos < text.size() && section_ != Section::kEnd) {
      size_t end = text.find('\n', pos);
      if (end == absl::string_view::npos) end = text.size();
      absl::string_view line = text.substr(pos, end - pos);
      pos = end + 1;
      ++line_no;
      line_ = line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty() || line[0] == '*') continue;
      std::vector<Token> tokens = Tokenize(line);
      if (tokens.empty()) continue;
      if (line[0] != ' ' && line[0] != '\t') {
        NN2MILP_RETURN_IF_ERROR(StartSection(tokens));
      } else {
        NN2MILP_RETURN_IF_ERROR(DataLine(tokens));
      }
    }
    if (section_ != Section::kEnd) {
      return LocatedError(absl::StatusCode::kInvalidArgument, file_, line_no + 1, 1,
                          "missing ENDATA (the file ends early)");
    }
    return Finish();
  }

 private:
  absl::Status Error(const Token& t, absl::string_view message,
                     absl::StatusCode code = absl::StatusCode::kInvalidArgument) const {
    return LocatedError(code, file_, line_, t.column, message);
  }

  static std::vector<Token> Tokenize(absl::string_view line) {
    std::vector<Token> out;
    size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i >= line.size()) break;
      const size_t start = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
      const absl::string_view text = line.substr(start, i - start);
      if (text[0] == '$' && start > 0) break;  // free MPS comment (GLPK)
      out.push_back({text, static_cast<int>(start) + 1});
    }
    return out;
  }

  absl::StatusOr<double> Number(const Token& t) const {
    std::optional<double> v = ParseDouble(t.text);
    if (!v) return Error(t, absl::StrCat("expected a finite number, got '", t.text, "'"));
    return *v;
  }

  // A bound value: a number or a signed infinity.
  absl::StatusOr<double> BoundValue(const Token& t) const {
    const std::string lower = absl::AsciiStrToLower(t.text);
    if (lower == "inf" || lower == "+inf" || lower == "infinity" || lower == "+infinity") return kInf;
    if (lower == "-inf" || lower == "-infinity") return -kInf;
    return Number(t);
  }

  absl::Status StartSection(const std::vector<Token>& tokens) {
    const std::string key = absl::AsciiStrToUpper(tokens[0].text);
    auto expect_alone = [&]() -> absl::Status {
      if (tokens.size() > 1) return Error(tokens[1], absl::StrCat("unexpected '", tokens[1].text, "' after ", key));
      return absl::OkStatus();
    };
    auto order = [&](Section min_previous) -> absl::Status {
      if (section_ > min_previous) {
        return Error(tokens[0], absl::StrCat("section ", key, " is out of order (expected NAME, ROWS, COLUMNS, RHS, RANGES, BOUNDS, ENDATA)"));
      }
      return absl::OkStatus();
    };
    if (key == "NAME") {
      NN2MILP_RETURN_IF_ERROR(order(Section::kNone));
      if (tokens.size() >= 2) model_.name = std::string(tokens[1].text);
      section_ = Section::kName;
      return absl::OkStatus();
    }
    if (key == "OBJSENSE") {
      NN2MILP_RETURN_IF_ERROR(order(Section::kObjName));
      section_ = Section::kObjSense;
      if (tokens.size() >= 2) return Sense(tokens[1]);
      return absl::OkStatus();
    }
    if (key == "OBJNAME") {
      NN2MILP_RETURN_IF_ERROR(order(Section::kObjName));
      section_ = Section::kObjName;
      if (tokens.size() >= 2) objname_ = std::string(tokens[1].text);
      return absl::OkStatus();
    }
    if (key == "ROWS") {
      NN2MILP_RETURN_IF_ERROR(order(Section::kObjName));
      NN2MILP_RETURN_IF_ERROR(expect_alone());
      section_ = Section::kRows;
      return absl::OkStatus();
    }
    if (key == "COLUMNS") {
      if (section_ != Section::kRows) return Error(tokens[0], "COLUMNS must follow ROWS");
      NN2MILP_RETURN_IF_ERROR(expect_alone());
      section_ = Section::kColumns;
      return absl::OkStatus();
    }
    if (key == "RHS" || key == "RANGES" || key == "BOUNDS") {
      const Section s = key == "RHS" ? Section::kRhs : key == "RANGES" ? Section::kRanges : Section::kBounds;
      if (section_ < Section::kColumns || section_ >= s) {
        return Error(tokens[0], absl::StrCat("section ", key, " is out of order (expected NAME, ROWS, COLUMNS, RHS, RANGES, BOUNDS, ENDATA)"));
      }
      NN2MILP_RETURN_IF_ERROR(expect_alone());
      if (in_integer_block_) return Error(tokens[0], "MARKER 'INTORG' without 'INTEND'");
      section_ = s;
      vector_name_.clear();
      return absl::OkStatus();
    }
    if (key == "ENDATA") {
      if (section_ < Section::kColumns) return Error(tokens[0], "ENDATA before COLUMNS");
      if (in_integer_block_) return Error(tokens[0], "MARKER 'INTORG' without 'INTEND'");
      section_ = Section::kEnd;
      return absl::OkStatus();
    }
    if (key == "SOS" || key == "QUADOBJ" || key == "QMATRIX" || key == "QSECTION" || key == "QCMATRIX" ||
        key == "INDICATORS" || key == "CSECTION" || key == "GENCONS" || key == "PWLOBJ") {
      return Error(tokens[0], absl::StrCat("section ", key, " is not supported (linear MILPs only)"),
                   absl::StatusCode::kUnimplemented);
    }
    return Error(tokens[0], absl::StrCat("unknown section '", tokens[0].text,
                                          "' (a data line must start with a blank)"));
  }

  absl::Status Sense(const Token& t) {
    const std::string s = absl::AsciiStrToUpper(t.text);
    if (s == "MAX" || s == "MAXIMIZE") {
      model_.maximize = true;
    } else if (s == "MIN" || s == "MINIMIZE") {
      model_.maximize = false;
    } else {
      return Error(t, absl::StrCat("expected MAX or MIN after OBJSENSE, got '", t.text, "'"));
    }
    return absl::OkStatus();
  }

  absl::Status DataLine(const std::vector<Token>& t) {
    switch (section_) {
      case Section::kObjSense: return Sense(t[0]);
      case Section::kObjName: objname_ = std::string(t[0].text); return absl::OkStatus();
      case Section::kRows: return RowLine(t);
      case Section::kColumns: return ColumnLine(t);
      case Section::kRhs: return RhsLine(t, false);
      case Section::kRanges: return RhsLine(t, true);
      case Section::kBounds: return BoundLine(t);
      default: return Error(t[0], "data line outside a section (expected ROWS first)");
    }
  }

  absl::Status RowLine(const std::vector<Token>& t) {
    if (t.size() != 2) return Error(t[0], "expected '<type> <row name>' in ROWS");
    const std::string type = absl::AsciiStrToUpper(t[0].text);
    if (type != "N" && type != "L" && type != "G" && type != "E") {
      return Error(t[0], absl::StrCat("unknown row type '", t[0].text, "' (expected N, L, G or E)"));
    }
    const std::string name(t[1].text);
    if (rows_.contains(name)) return Error(t[1], absl::StrCat("row '", name, "' is defined twice"));
    RowInfo info;
    info.type = type[0];
    if (info.type == 'N') {
      if (objective_row_.empty() && (objname_.empty() || objname_ == name)) {
        objective_row_ = name;
        model_.objective_name = name;
      } else {
        diag_.Note("mps-free-row", absl::StrCat(file_, ":", line_, ": free row '", name, "' (type N) is dropped"));
      }
    } else {
      info.index = static_cast<int32_t>(model_.rows.size());
      model_.rows.push_back({name, -kInf, kInf, {}});
    }
    rows_.emplace(name, info);
    row_order_.push_back(name);
    return absl::OkStatus();
  }

  absl::Status ColumnLine(const std::vector<Token>& t) {
    if (t.size() >= 3 && t[1].text == "'MARKER'") {
      if (t[2].text == "'INTORG'") {
        if (in_integer_block_) return Error(t[2], "'INTORG' inside an integer block");
        in_integer_block_ = true;
      } else if (t[2].text == "'INTEND'") {
        if (!in_integer_block_) return Error(t[2], "'INTEND' without 'INTORG'");
        in_integer_block_ = false;
      } else {
        return Error(t[2], absl::StrCat("unknown marker '", t[2].text, "' (expected 'INTORG' or 'INTEND')"));
      }
      return absl::OkStatus();
    }
    if (t.size() != 3 && t.size() != 5) {
      return Error(t[0], "expected '<column> <row> <value> [<row> <value>]' in COLUMNS");
    }
    const std::string name(t[0].text);
    int32_t col;
    auto it = columns_.find(name);
    if (it == columns_.end()) {
      col = static_cast<int32_t>(model_.columns.size());
      model_.columns.push_back({name, 0, kInf, in_integer_block_});
      column_info_.emplace_back();
      columns_.emplace(name, col);
      seen_.emplace_back();
    } else {
      col = it->second;
      if (col != static_cast<int32_t>(model_.columns.size()) - 1) {
        return Error(t[0], absl::StrCat("the entries of column '", name, "' are not contiguous"));
      }
    }
    for (size_t k = 1; k + 1 < t.size(); k += 2) {
      const std::string row(t[k].text);
      auto r = rows_.find(row);
      if (r == rows_.end()) return Error(t[k], absl::StrCat("row '", row, "' is not defined in ROWS"));
      NN2MILP_ASSIGN_OR_RETURN(const double v, Number(t[k + 1]));
      if (!seen_[static_cast<size_t>(col)].insert(row).second) {
        return Error(t[k], absl::StrCat("a second entry for column '", name, "' in row '", row, "'"));
      }
      if (v == 0.0) continue;
      if (r->second.type == 'N') {
        if (row == objective_row_) model_.objective.emplace_back(col, v);
      } else {
        model_.rows[static_cast<size_t>(r->second.index)].terms.emplace_back(col, v);
      }
    }
    return absl::OkStatus();
  }

  // The optional vector name: present when the field count is odd (name + pairs).
  absl::Status VectorName(const std::vector<Token>& t, size_t& first) {
    first = t.size() % 2 == 1 ? 1 : 0;
    if (first == 1) {
      const std::string v(t[0].text);
      if (vector_name_.empty()) {
        vector_name_ = v;
      } else if (v != vector_name_) {
        return Error(t[0], absl::StrCat("a second vector '", v, "' (after '", vector_name_,
                                        "'); readers disagree on several vectors, use one"));
      }
    }
    return absl::OkStatus();
  }

  absl::Status RhsLine(const std::vector<Token>& t, bool ranges) {
    if (t.size() < 2 || t.size() > 5) return Error(t[0], "expected '[<vector>] <row> <value> [<row> <value>]'");
    size_t first = 0;
    NN2MILP_RETURN_IF_ERROR(VectorName(t, first));
    for (size_t k = first; k + 1 < t.size(); k += 2) {
      const std::string row(t[k].text);
      auto r = rows_.find(row);
      if (r == rows_.end()) return Error(t[k], absl::StrCat("row '", row, "' is not defined in ROWS"));
      NN2MILP_ASSIGN_OR_RETURN(const double v, Number(t[k + 1]));
      RowInfo& info = r->second;
      if (ranges) {
        if (info.type == 'N') return Error(t[k], absl::StrCat("a range on the objective (N) row '", row, "'"));
        if (info.range) return Error(t[k], absl::StrCat("a second range for row '", row, "'"));
        info.range = v;
      } else if (info.type == 'N') {
        if (row == objective_row_ && v != 0.0) {
          model_.objective_constant = -v;
          diag_.Warn("mps-objective-rhs",
                     absl::StrCat(file_, ":", line_, ": the RHS of the objective row is read as the objective constant -RHS (CPLEX, Gurobi, CBC and HiGHS do so; GLPK and lp_solve read +RHS)"));
        }
      } else {
        info.rhs = v;
      }
    }
    return absl::OkStatus();
  }

  absl::Status BoundLine(const std::vector<Token>& t) {
    const std::string type = absl::AsciiStrToUpper(t[0].text);
    const bool valued = type == "UP" || type == "LO" || type == "FX" || type == "LI" || type == "UI" || type == "SC";
    const bool valueless = type == "FR" || type == "MI" || type == "PL" || type == "BV";
    if (!valued && !valueless) {
      return Error(t[0], absl::StrCat("unknown bound type '", t[0].text, "' (expected UP LO FX FR MI PL BV LI UI)"));
    }
    if (type == "SC") return Error(t[0], "semi-continuous bounds (SC) are not supported", absl::StatusCode::kUnimplemented);
    // Fields: type [vector] column [value]. A valueless type may still carry a value (BV 1).
    size_t col_field;
    if (valued) {
      if (t.size() != 3 && t.size() != 4) return Error(t[0], absl::StrCat("expected '", type, " [<vector>] <column> <value>'"));
      col_field = t.size() == 4 ? 2 : 1;
    } else {
      if (t.size() < 2 || t.size() > 4) return Error(t[0], absl::StrCat("expected '", type, " [<vector>] <column>'"));
      col_field = t.size() == 4 ? 2 : t.size() == 2 ? 1 : (columns_.contains(std::string(t[2].text)) ? 2 : 1);
    }
    if (col_field == 2) {
      const std::string v(t[1].text);
      if (vector_name_.empty()) {
        vector_name_ = v;
      } else if (v != vector_name_) {
        return Error(t[1], absl::StrCat("a second bound vector '", v, "' (after '", vector_name_,
                                        "'); CBC silently skips it and GLPK refuses it, use one"));
      }
    }
    const Token& ct = t[col_field];
    auto it = columns_.find(std::string(ct.text));
    if (it == columns_.end()) return Error(ct, absl::StrCat("column '", ct.text, "' is not defined in COLUMNS"));
    ir::LinearModel::Column& c = model_.columns[static_cast<size_t>(it->second)];
    ColumnInfo& info = column_info_[static_cast<size_t>(it->second)];
    double v = 0;
    if (valued) {
      NN2MILP_ASSIGN_OR_RETURN(v, BoundValue(t[col_field + 1]));
    }
    info.any_bound = true;
    if (type == "UP" || type == "UI") {
      if (v == -kInf) return Error(t[col_field + 1], "an upper bound of -inf");
      c.upper = v;
      info.upper_set = true;
      if (v < 0 && !info.lower_set) info.line = line_;
      if (type == "UI") c.is_integer = true;
    } else if (type == "LO" || type == "LI") {
      if (v == kInf) return Error(t[col_field + 1], "a lower bound of +inf");
      c.lower = v;
      info.lower_set = true;
      if (type == "LI") c.is_integer = true;
    } else if (type == "FX") {
      if (std::isinf(v)) return Error(t[col_field + 1], "a fixed bound must be finite");
      c.lower = c.upper = v;
      info.lower_set = info.upper_set = true;
    } else if (type == "FR") {
      c.lower = -kInf;
      c.upper = kInf;
      info.lower_set = info.upper_set = true;
    } else if (type == "MI") {
      c.lower = -kInf;
      info.lower_set = true;
    } else if (type == "PL") {
      c.upper = kInf;
      info.upper_set = true;
    } else {  // BV
      c.is_integer = true;
      c.lower = 0;
      c.upper = 1;
      info.lower_set = info.upper_set = true;
    }
    return absl::OkStatus();
  }

  absl::StatusOr<ir::LinearModel> Finish() {
    for (const std::string& name : row_order_) {
      const RowInfo& info = rows_.at(name);
      if (info.index < 0) continue;
      ir::LinearModel::Row& row = model_.rows[static_cast<size_t>(info.index)];
      const double rhs = info.rhs;
      const double r = info.range.value_or(0);
      switch (info.type) {
        case 'L':
          row.upper = rhs;
          if (info.range) row.lower = rhs - std::abs(r);
          break;
        case 'G':
          row.lower = rhs;
          if (info.range) row.upper = rhs + std::abs(r);
          break;
        default:  // 'E'
          row.lower = row.upper = rhs;
          if (info.range && r > 0) row.upper = rhs + r;
          if (info.range && r < 0) row.lower = rhs + r;
      }
    }
    for (size_t i = 0; i < model_.columns.size(); ++i) {
      ir::LinearModel::Column& c = model_.columns[i];
      const ColumnInfo& info = column_info_[i];
      if (c.is_integer && !info.any_bound) {
        c.upper = 1;
        diag_.Warn("mps-integer-default", absl::StrCat(file_, ": integer column '", c.name,
                                                       "' has no bounds: read as binary [0, 1] (CBC, GLPK, HiGHS; lp_solve reads [0, inf))"));
      }
      if (info.upper_set && !info.lower_set && c.upper < 0) {
        c.lower = -kInf;
        diag_.Warn("mps-negative-upper", absl::StrCat(file_, ":", info.line, ": column '", c.name,
                                                      "' has a negative upper bound and no lower bound: lower bound read as -inf (CPLEX, CBC; GLPK, lp_solve and HiGHS keep 0)"));
      }
      if (c.lower > c.upper) {
        return absl::InvalidArgumentError(absl::StrCat(file_, ": column '", c.name, "' has lower bound > upper bound"));
      }
    }
    if (!objname_.empty() && objective_row_.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(file_, ": OBJNAME '", objname_, "' is not an N row"));
    }
    return std::move(model_);
  }

  absl::string_view file_;
  Diagnostics& diag_;
  int line_ = 0;
  Section section_ = Section::kNone;
  ir::LinearModel model_;
  std::string objname_, objective_row_, vector_name_;
  absl::flat_hash_map<std::string, RowInfo> rows_;
  std::vector<std::string> row_order_;
  absl::flat_hash_map<std::string, int32_t> columns_;
  std::vector<ColumnInfo> column_info_;
  std::vector<absl::flat_hash_set<std::string>> seen_;
  bool in_integer_block_ = false;
};

}  // namespace

absl::StatusOr<ir::LinearModel> ParseMps(absl::string_view text, absl::string_view file,
                                         Diagnostics& diag) {
  return MpsParser(file, diag).Parse(text);
}

absl::StatusOr<ir::LinearModel> ReadMpsFile(const std::string& path, Diagnostics& diag) {
  NN2MILP_ASSIGN_OR_RETURN(const std::string text, ReadTextFile(path));
  return ParseMps(text, path, diag);
}

absl::StatusOr<ir::LinearModel> ReadModelFile(const std::string& path, Diagnostics& diag) {
  const std::string ext = absl::AsciiStrToLower(std::filesystem::path(path).extension().string());
  if (ext == ".mps") return ReadMpsFile(path, diag);
  if (ext == ".lp") return ReadLpFile(path, diag);
  return absl::InvalidArgumentError(
      absl::StrCat(path, ": cannot tell the model format from the extension (expected .mps or .lp)"));
}

}  // namespace nn2milp::frontend
