// AMPL .nl writer for MILPs with optional smooth nonlinear rows (text 'g' and binary 'b'), plus
// the .col/.row name files.
//
// Format rules relied on (../shared/docs/formats.md §0 "AMPL .nl", §4; D. M. Gay, "Writing .nl
// Files", SAND2005-7907P; "Hooking Your Solver to AMPL", Tables 3-5; ASL jac0dim.c/fg_read.c):
//   - Ten ASCII header lines with exact counts: NV NC NO=1 NR NE; NBV NIV; NZJ NZG; the longest
//     row (or objective) name and the longest variable name. NR (ranged rows) is always 0:
//     MilpModel rows have one sense and one right-hand side. NV must be > 0 (the ASL rejects
//     n_var = 0), so a model without variables is an InvalidArgument error.
//   - Integrality is given only by the variable order: continuous variables first, then the
//     NBV binaries (integer with bounds exactly [0, 1]), then the NIV general integers, each
//     class in VarId order. NlVariableOrder() exposes this permutation so that names and
//     solutions (.sol files) can be mapped back to VarIds.
//   - Segments in AMPL's order: every C<i> followed by "n0"; "O0 0" (minimise: MilpModel always
//     minimises) followed by "n<objective constant>"; "r" (1 u for <=, 2 l for >=, 4 c for =);
//     "b" (0 l u / 1 u / 2 l / 3 free / 4 c fixed; an infinite bound is never written as a
//     number); "k<NV-1>" with the exact cumulative column counts (wrong counts silently scramble
//     the ASL's matrix); "J<i> <n>" with "<var> <coef>" lines sorted by .nl index, left out for
//     a row without terms ("J i 0" is fatal); "G0 <n>" only if the objective has terms.
//   - Nonlinear rows (a MilpModel row with NonlinearTerms coef * f(x_v), summed with o54 when
//     there are several): header line 3 counts
//     them (nlc), line 5 counts the variables inside nonlinear terms (nlvc; no nonlinear
//     objective, so nlvo = nlvb = 0). Nonlinear rows come first in the row order (Gay §"header":
//     constraints are ordered nonlinear, then linear) and their variables first in the variable
//     order (they must be continuous); the C segment of such a row holds the expression tree of
//     its nonlinear terms (AMPL operation codes, see EmitNonlinearTerm) and its J segment lists
//     their variables too, with coefficient 0 when they have no linear term in the row: J gives
//     the Jacobian's sparsity.
//   - Every list is written count first, then exactly that many entries (NN2MILP_CHECKed).
//   - Text numbers through backends/number_format (shortest round trip); integers in plain
//     decimal. Binary mode ("b3 1 1 0", arith 1): key letters are single bytes, integers 4-byte
//     little-endian, reals 8-byte little-endian IEEE doubles, an r/b entry is an ASCII code digit
//     followed by its doubles, no newlines after the header (formats.md §4.5). The bytes are
//     little-endian on every host.
//   - .col: one variable name per line in .nl order; .row: row names in RowId order, then the
//     objective name "obj" (NameTable names carry a "_<index>" suffix, so "obj" cannot collide).
// Deterministic: the same model and options give the same bytes.
#ifndef NN2MILP_BACKENDS_NL_WRITER_H_
#define NN2MILP_BACKENDS_NL_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "backends/name_table.h"
#include "backends/sink.h"
#include "ir/milp_model.h"

namespace nn2milp::backends {

struct NlOptions {
  // Binary ('b') instead of text ('g') .nl. Binary files are smaller and faster to read; text
  // files are readable and diffable (goldens use text).
  bool binary = false;
  // Explanatory "# ..." comments after the ten header lines (both modes; the header is ASCII).
  bool header_comments = true;
  // Shown in the first header line's comment ("# problem <name>"); sanitised.
  std::string problem_name = "nn2milp";
};

// The .nl class of a variable: binaries are integer variables with bounds exactly [0, 1].
enum class NlVarClass : uint8_t { kContinuous, kBinary, kInteger };
NlVarClass ClassifyNlVar(const ir::Variable& var);

// The .nl index of every variable, indexed by VarId value: variables inside nonlinear terms,
// then continuous, then binary, then general integer, each class in VarId order.
std::vector<int32_t> NlVariableOrder(const ir::MilpModel& model);

// The rows in .nl order (also the order of the .row file): nonlinear rows, then linear rows,
// each in RowId order. The identity for a linear model.
std::vector<ir::RowId> NlRowOrder(const ir::MilpModel& model);

// Writes the .nl file to `nl` and, when non-null, the variable names to `col` and the row and
// objective names to `row`. Errors: InvalidArgument for a model with no variables, an integer
// variable inside a nonlinear term, or (binary
// mode) more than 2^31 - 1 nonzeros; otherwise only the sinks' I/O errors.
absl::Status WriteNl(const ir::MilpModel& model, const NameTable& names, const NlOptions& options,
                     Sink& nl, Sink* col, Sink* row);

struct NlFiles {
  std::string nl;
  std::string col;
  std::string row;
};
// WriteNl into strings, with NameTable::Build(model) names (tests, small models).
absl::StatusOr<NlFiles> NlToString(const ir::MilpModel& model, const NlOptions& options = {});

}  // namespace nn2milp::backends

#endif  // NN2MILP_BACKENDS_NL_WRITER_H_
