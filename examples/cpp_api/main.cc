// Maximises output 0 of an ONNX ReLU network over the box [-1, 1]^n through the nn2milp C++ API
// and writes the MILP as free MPS.
//
//   cpp_api_example MODEL.onnx OUT.mps
//
// Solve OUT.mps with any MILP solver; the network's maximum is MINUS the solver's optimum.
#include <cstdlib>
#include <iostream>

#include "nn2milp/nn2milp.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: " << argv[0] << " MODEL.onnx OUT.mps\n";
    return 2;
  }
  absl::StatusOr<nn2milp::Network> net = nn2milp::LoadNetwork(argv[1]);
  if (!net.ok()) {
    std::cerr << "error: " << net.status().message() << "\n";
    return 1;
  }
  for (const nn2milp::PortInfo& in : net->inputs()) {
    std::cout << "input " << in.name << ": " << in.num_elements << " elements\n";
  }
  for (const nn2milp::PortInfo& out : net->outputs()) {
    std::cout << "output " << out.name << ": " << out.num_elements << " elements\n";
  }

  nn2milp::Problem problem;
  problem.input_box.assign(static_cast<size_t>(net->num_input_elements()), {-1.0, 1.0});
  problem.sense = nn2milp::Problem::kMaximize;
  problem.objective_output = 0;
  absl::StatusOr<nn2milp::CompiledModel> milp = nn2milp::Compile(*net, problem);
  if (!milp.ok()) {
    std::cerr << "error: " << milp.status().message() << "\n";
    return 1;
  }
  for (const std::string& w : milp->warnings()) std::cerr << "warning: " << w << "\n";
  if (absl::Status s = milp->WriteMps(argv[2]); !s.ok()) {
    std::cerr << "error: " << s.message() << "\n";
    return 1;
  }

  const nn2milp::CompileStats& st = milp->stats();
  std::cout << "nn2milp " << nn2milp::Version() << " wrote " << argv[2] << "\n"
            << "variables " << st.variables << ", binaries " << st.binaries << ", rows " << st.rows
            << ", nonzeros " << st.nonzeros << "\n"
            << "relus " << st.relus << ": " << st.stable_active << " stable active, "
            << st.stable_inactive << " stable inactive, " << st.unstable << " unstable\n"
            << "largest big-M " << st.max_big_m << "\n"
            << "objective: minimize " << milp->objective_scale() << " * "
            << milp->objective_variable_name() << "\n";
  return EXIT_SUCCESS;
}
