// Printing of diagnostics for the CLI (library code never prints).
#ifndef NN2MILP_TOOLS_REPORT_H_
#define NN2MILP_TOOLS_REPORT_H_

#include <iostream>

#include "ir/base/diagnostics.h"

namespace nn2milp::tools {

// Warnings always; notes only when verbose.
inline void PrintDiagnostics(const Diagnostics& diag, bool verbose) {
  for (const Diagnostics::Message& m : diag.messages()) {
    if (m.severity == Diagnostics::Severity::kWarning) {
      std::cerr << "nn2milp: warning: " << m.text << "\n";
    } else if (verbose) {
      std::cerr << "nn2milp: note: " << m.text << "\n";
    }
  }
  if (verbose) {
    for (const auto& [kind, count] : diag.suppressed()) {
      std::cerr << "nn2milp: note: " << count << " more '" << kind << "' messages not shown\n";
    }
  }
}

}  // namespace nn2milp::tools

#endif  // NN2MILP_TOOLS_REPORT_H_
