#include "passes/pass_manager.h"

#include <chrono>
#include <functional>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ir/base/status_macros.h"
#include "passes/bounds_in.h"
#include "passes/bounds_interval.h"
#include "passes/bounds_lp.h"
#include "passes/bounds_symbolic.h"
#include "passes/cleanup_coefficients.h"
#include "passes/merge_duplicates.h"
#include "passes/scale.h"

namespace nn2milp::passes {
namespace {

struct Registration {
  absl::string_view name;
  std::function<std::shared_ptr<Pass>(const PassOptions&)> make;
};

// A pass with a constructor taking PassOptions gets them; others are default-constructed.
template <typename P>
Registration Register() {
  return {P().name(), [](const PassOptions& options) -> std::shared_ptr<Pass> {
            if constexpr (std::is_constructible_v<P, PassOptions>) {
              return std::make_shared<P>(options);
            } else {
              return std::make_shared<P>();
            }
          }};
}

const std::vector<Registration>& Registry() {
  static const std::vector<Registration>* registry = new std::vector<Registration>{
      Register<CleanupCoefficientsPass>(),
      Register<BoundsIntervalPass>(),
      Register<BoundsSymbolicPass>(),
      Register<BoundsLpPass>(),
      Register<MergeDuplicatesPass>(),
      Register<ScalePass>(),
      Register<BoundsInPass>(),
  };
  return *registry;
}

// Spellings of the issue tracker and of other tools, besides the registered names. Any '-' is
// also read as '_' (merge-duplicates = merge_duplicates).
struct Alias {
  absl::string_view alias;
  absl::string_view name;  // registered name, or "" when the step is not a pass
  absl::string_view note;  // for "": where that step happens instead
};
constexpr Alias kAliases[] = {
    {"bounds_ia", "bounds_interval", ""},
    {"cleanup", "cleanup_coefficients", ""},
    {"fold", "",
     "constant folding and the composition of affine chains happen while the ONNX graph is "
     "lowered (always on)"},
    {"eliminate_stable", "",
     "stable ReLUs get no binary and dead neurons are dropped by the MILP encoding (always on)"},
};

}  // namespace

absl::StatusOr<std::string> CanonicalPassName(absl::string_view token) {
  std::string name(absl::StripAsciiWhitespace(token));
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  for (const Alias& a : kAliases) {
    if (name != a.alias) continue;
    if (a.name.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", token, "' is not a pass: ", a.note, "; leave it out of --passes"));
    }
    return std::string(a.name);
  }
  for (const Registration& r : Registry()) {
    if (r.name == name) return name;
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown pass '", token, "' (known: ",
                                                 absl::StrJoin(RegisteredPasses(), ", "), ")"));
}

absl::StatusOr<std::string> BoundsPipeline(absl::string_view strength, bool exact_coefficients) {
  std::string bounds;
  if (strength == "ia") {
    bounds = "bounds_interval";
  } else if (strength == "symbolic" || strength.empty()) {
    bounds = "bounds_interval,bounds_symbolic";
  } else if (strength == "lp") {
    bounds = "bounds_interval,bounds_symbolic,bounds_lp";
  } else {
    return absl::InvalidArgumentError(absl::StrCat(
        "bounds '", strength, "': unknown bound strength (expected ia, symbolic or lp)"));
  }
  return absl::StrCat(exact_coefficients ? "" : "cleanup_coefficients,", "merge_duplicates,", bounds);
}

std::vector<absl::string_view> RegisteredPasses() {
  std::vector<absl::string_view> names;
  for (const Registration& r : Registry()) names.push_back(r.name);
  return names;
}

absl::StatusOr<PassManager> PassManager::Parse(absl::string_view pipeline, const PassOptions& options) {
  PassManager pm;
  for (absl::string_view token : absl::StrSplit(pipeline, ',', absl::SkipWhitespace())) {
    NN2MILP_ASSIGN_OR_RETURN(const std::string name, CanonicalPassName(token));
    for (const Registration& r : Registry()) {
      if (r.name == name) pm.passes_.push_back(r.make(options));
    }
  }
  return pm;
}

std::string PassManager::Print() const {
  return absl::StrJoin(passes_, ",", [](std::string* out, const std::shared_ptr<Pass>& p) {
    absl::StrAppend(out, p->name());
  });
}

absl::StatusOr<std::vector<PassRun>> PassManager::Run(ir::Network& net, PassContext& ctx) const {
  std::vector<PassRun> runs;
  for (const std::shared_ptr<Pass>& pass : passes_) {
    const auto start = std::chrono::steady_clock::now();
    absl::StatusOr<PassResult> result = pass->Run(net, ctx);
    if (!result.ok()) return AnnotateStatus(result.status(), absl::StrCat("pass ", pass->name()));
    // Sound passes never produce an empty interval from sound bounds; only bounds given as data
    // (bounds_in, when it is not last) can lead a later pass there. Caught here for every pass.
    for (int32_t i = 0; i < net.num_neurons(); ++i) {
      const ir::NeuronId n(i);
      if (net.bounds(n).lo > net.bounds(n).hi) {
        return absl::InvalidArgumentError(absl::StrCat(
            "pass ", pass->name(), ": tensor '", net.tensor_info(net.tensor(n)).name, "' element ",
            net.index_in_tensor(n),
            " has no possible value (its bounds are empty): the bounds given with --bounds-in "
            "contradict nn2milp's sound bounds"));
      }
    }
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    runs.push_back({std::string(pass->name()), elapsed.count(), *std::move(result)});
  }
  return runs;
}

}  // namespace nn2milp::passes
