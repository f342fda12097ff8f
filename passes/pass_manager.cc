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
#include "passes/bounds_interval.h"
#include "passes/bounds_lp.h"
#include "passes/bounds_symbolic.h"
#include "passes/cleanup_coefficients.h"
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
      Register<ScalePass>(),
  };
  return *registry;
}

}  // namespace

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
  return exact_coefficients ? bounds : absl::StrCat("cleanup_coefficients,", bounds);
}

std::vector<absl::string_view> RegisteredPasses() {
  std::vector<absl::string_view> names;
  for (const Registration& r : Registry()) names.push_back(r.name);
  return names;
}

absl::StatusOr<PassManager> PassManager::Parse(absl::string_view pipeline, const PassOptions& options) {
  PassManager pm;
  for (absl::string_view token : absl::StrSplit(pipeline, ',', absl::SkipWhitespace())) {
    token = absl::StripAsciiWhitespace(token);
    const Registration* found = nullptr;
    for (const Registration& r : Registry()) {
      if (r.name == token) found = &r;
    }
    if (found == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("unknown pass '", token, "' (known: ",
                                                     absl::StrJoin(RegisteredPasses(), ", "), ")"));
    }
    pm.passes_.push_back(found->make(options));
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
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    runs.push_back({std::string(pass->name()), elapsed.count(), *std::move(result)});
  }
  return runs;
}

}  // namespace nn2milp::passes
