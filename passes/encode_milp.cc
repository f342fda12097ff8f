#include "passes/encode_milp.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ir/base/status_macros.h"

namespace nn2milp::passes {
namespace {

using ir::NeuronId;
using ir::NeuronKind;
using ir::VarId;
using ir::VarTerm;

// A neuron's value in the MILP: a variable, or a constant when `var` is invalid, or (reduced
// space) f(arg) for a smooth neuron substituted into its users' rows.
struct Ref {
  Ref() = default;
  Ref(VarId v, double c) : var(v), constant(c) {}
  static Ref Substituted(ir::SmoothFunction f, VarId arg) {
    Ref r;
    r.substituted = true;
    r.function = f;
    r.arg = arg;
    return r;
  }
  VarId var;
  double constant = 0;
  bool substituted = false;
  ir::SmoothFunction function = ir::SmoothFunction::kSigmoid;
  VarId arg;
};

// Per neuron: used other than as a term of an affine neuron (graph output, ReLU or smooth input).
std::vector<bool> UsedOutsideAffine(const ir::Network& net) {
  std::vector<bool> used(static_cast<size_t>(net.num_neurons()), false);
  for (const ir::Port& p : net.outputs()) {
    for (NeuronId n : p.neurons) used[static_cast<size_t>(n.value())] = true;
  }
  for (int32_t i = 0; i < net.num_neurons(); ++i) {
    const NeuronId n(i);
    if (net.kind(n) == NeuronKind::kRelu) used[static_cast<size_t>(net.relu_input(n).value())] = true;
    if (net.kind(n) == NeuronKind::kSmooth) used[static_cast<size_t>(net.smooth_input(n).value())] = true;
  }
  return used;
}

// Bounds of a derived variable, made safe to read back. CoinUtils 2.11 (CBC, SYMPHONY) parses
// numbers with an error of about an ulp, so two bounds a few ulps apart can be read crossed and
// the model becomes infeasible (measured: "Bad image" on LO 0.42432194479605434 /
// UP 0.4243219447960544). Bounds closer than 1e-12 relative are therefore widened to that gap on
// each side; any interval containing a sound bound is sound, so nothing is lost but a hair of
// tightness. Equal bounds stay equal (written as fixed).
ir::Interval ReadableBounds(ir::Interval b) {
  const double gap = 1e-12 * std::max({1.0, std::abs(b.lo), std::abs(b.hi)});
  if (b.lo < b.hi && b.hi - b.lo < gap) return {b.lo - gap, b.hi + gap};
  return b;
}


class Encoder {
 public:
  Encoder(const ir::Network& net, const ir::Problem& problem, const EncodeOptions& options)
      : net_(net), problem_(problem), options_(options) {}

  absl::StatusOr<Encoding> Run() && {
    ref_.resize(static_cast<size_t>(net_.num_neurons()));
    out_.neurons.resize(static_cast<size_t>(net_.num_neurons()));
    var_group_.assign(static_cast<size_t>(net_.num_tensors()), ir::NameGroupId());
    const std::vector<bool> live = LiveNeurons(net_);
    if (options_.nl_reduced) used_outside_affine_ = UsedOutsideAffine(net_);
    // Upper estimates: a variable and a row per neuron, 3 more rows and 7 nonzeros per ReLU.
    builder_.Reserve(2 * int64_t{net_.num_neurons()}, 4 * int64_t{net_.num_neurons()},
                     net_.num_terms() + 8 * int64_t{net_.num_neurons()});
    NN2MILP_RETURN_IF_ERROR(EncodeInputs());
    for (int32_t i = 0; i < net_.num_neurons(); ++i) {
      const NeuronId n(i);
      if (net_.kind(n) == NeuronKind::kInput) continue;
      if (!live[static_cast<size_t>(i)]) {
        ++out_.stats.dead_neurons;
        // A ReLU that is 0 over the whole box is stable inactive even when nothing reads it any
        // more (cleanup_coefficients drops the weights it feeds): count it as such.
        if (net_.kind(n) == NeuronKind::kRelu && net_.bounds(net_.relu_input(n)).hi <= 0) {
          ++out_.stats.relus;
          ++out_.stats.stable_inactive;
        }
        continue;
      }
      if (net_.kind(n) == NeuronKind::kAffine) {
        NN2MILP_RETURN_IF_ERROR(EncodeAffine(n));
      } else if (net_.kind(n) == NeuronKind::kSmooth) {
        NN2MILP_RETURN_IF_ERROR(EncodeSmooth(n));
      } else {
        NN2MILP_RETURN_IF_ERROR(EncodeRelu(n));
      }
    }
    NN2MILP_RETURN_IF_ERROR(EncodeOutputsAndObjective());
    NN2MILP_RETURN_IF_ERROR(EncodeConstraints());
    out_.model = std::move(builder_).Build();
    return std::move(out_);
  }

 private:
  std::string NeuronLabel(NeuronId n) const {
    return absl::StrCat("element ", net_.index_in_tensor(n), " of '",
                        net_.tensor_info(net_.tensor(n)).name, "'");
  }
  EncodedNeuron& Form(NeuronId n) { return out_.neurons[static_cast<size_t>(n.value())]; }
  ir::NameRef VarName(NeuronId n) {
    const size_t t = static_cast<size_t>(net_.tensor(n).value());
    if (!var_group_[t].valid()) var_group_[t] = builder_.AddNameGroup(net_.tensor_info(net_.tensor(n)).name);
    return {var_group_[t], net_.index_in_tensor(n)};
  }
  // Name groups derived from a tensor with a suffix ("<tensor>.on"), created on first use.
  ir::NameRef DerivedName(NeuronId n, absl::string_view suffix,
                          absl::flat_hash_map<int32_t, ir::NameGroupId>& cache) {
    const int32_t t = net_.tensor(n).value();
    auto [it, inserted] = cache.try_emplace(t);
    if (inserted) it->second = builder_.AddNameGroup(absl::StrCat(net_.tensor_info(net_.tensor(n)).name, ".", suffix));
    return {it->second, net_.index_in_tensor(n)};
  }

  absl::Status EncodeInputs() {
    size_t next = 0;
    for (const ir::Port& port : net_.inputs()) {
      std::vector<VarId>& vars = out_.input_vars.emplace_back();
      for (NeuronId n : port.neurons) {
        const ir::Interval b = problem_.input_box[next++];
        NN2MILP_ASSIGN_OR_RETURN(VarId v, builder_.AddVar(b.lo, b.hi, false, VarName(n)));
        ref_[static_cast<size_t>(n.value())] = {v, 0};
        Form(n) = {EncodedNeuron::Form::kVariable, 0};
        vars.push_back(v);
      }
    }
    return absl::OkStatus();
  }

  absl::Status EncodeAffine(NeuronId n) {
    double bias = net_.bias(n);
    std::vector<ir::VarTerm> row;
    std::vector<ir::NonlinearTerm> nonlinear;
    row.reserve(net_.terms(n).size() + 1);
    for (const ir::Term& t : net_.terms(n)) {
      const Ref& r = ref_[static_cast<size_t>(t.neuron.value())];
      if (r.substituted) {
        nonlinear.push_back({r.function, r.arg, -t.coef});
      } else if (r.var.valid()) {
        row.push_back({r.var, -t.coef});
      } else {
        bias += t.coef * r.constant;
      }
    }
    if (row.empty() && nonlinear.empty()) {
      ref_[static_cast<size_t>(n.value())] = {VarId(), bias};
      Form(n) = {EncodedNeuron::Form::kConstant, 0};
      return absl::OkStatus();
    }
    Form(n) = {EncodedNeuron::Form::kVariable, 0};
    const ir::Interval b = ReadableBounds(net_.bounds(n));
    NN2MILP_ASSIGN_OR_RETURN(VarId z, builder_.AddVar(b.lo, b.hi, false, VarName(n)));
    row.push_back({z, 1.0});
    NN2MILP_RETURN_IF_ERROR(builder_.AddNonlinearRow(std::move(row), std::move(nonlinear),
                                                     ir::RowSense::kEqual, bias, VarName(n))
                                .status());
    ref_[static_cast<size_t>(n.value())] = {z, 0};
    return absl::OkStatus();
  }

  absl::Status EncodeRelu(NeuronId n) {
    ++out_.stats.relus;
    const NeuronId input = net_.relu_input(n);
    const Ref z = ref_[static_cast<size_t>(input.value())];
    const ir::Interval raw = net_.bounds(input);
    Ref& y = ref_[static_cast<size_t>(n.value())];
    if (raw.hi <= 0) {  // checked first: its input was not encoded (see LiveNeurons)
      ++out_.stats.stable_inactive;
      y = {VarId(), 0.0};
      Form(n) = {EncodedNeuron::Form::kConstant, 0};
      return absl::OkStatus();
    }
    if (!z.var.valid()) {  // constant pre-activation
      y = {VarId(), std::max(0.0, z.constant)};
      ++(z.constant > 0 ? out_.stats.stable_active : out_.stats.stable_inactive);
      Form(n) = {EncodedNeuron::Form::kConstant, 0};
      return absl::OkStatus();
    }
    if (raw.lo >= 0) {
      ++out_.stats.stable_active;
      y = z;
      Form(n) = {EncodedNeuron::Form::kAlias, 0};
      return absl::OkStatus();
    }
    if (!raw.bounded()) {
      return absl::FailedPreconditionError(absl::StrCat(
          NeuronLabel(n), ": the ReLU's input has no finite bounds (big-M needs them)"));
    }
    const ir::Interval b = ReadableBounds(raw);  // the same as z's variable bounds
    ++out_.stats.unstable;
    out_.stats.max_big_m = std::max({out_.stats.max_big_m, -b.lo, b.hi});
    NN2MILP_ASSIGN_OR_RETURN(VarId yv, builder_.AddVar(0.0, b.hi, false, VarName(n)));
    NN2MILP_ASSIGN_OR_RETURN(VarId d, builder_.AddVar(0.0, 1.0, true, DerivedName(n, "on", binary_groups_)));
    NN2MILP_RETURN_IF_ERROR(builder_.AddRow({{yv, 1.0}, {z.var, -1.0}}, ir::RowSense::kGreaterEqual,
                                            0.0, DerivedName(n, "ge", ge_groups_)).status());
    NN2MILP_RETURN_IF_ERROR(builder_.AddRow({{yv, 1.0}, {z.var, -1.0}, {d, -b.lo}},
                                            ir::RowSense::kLessEqual, -b.lo,
                                            DerivedName(n, "lo", lo_groups_)).status());
    NN2MILP_RETURN_IF_ERROR(builder_.AddRow({{yv, 1.0}, {d, -b.hi}}, ir::RowSense::kLessEqual, 0.0,
                                            DerivedName(n, "up", up_groups_)).status());
    y = {yv, 0};
    Form(n) = {EncodedNeuron::Form::kBigM, std::max(-b.lo, b.hi)};
    return absl::OkStatus();
  }

  // y = f(z): a variable y within y's bounds and the nonlinear row  y - f(z) = 0. A constant z
  // gives the constant f(z). Log and reciprocal need z > 0 over the box.
  absl::Status EncodeSmooth(NeuronId n) {
    ++out_.stats.smooth;
    const ir::SmoothFunction f = net_.smooth_function(n);
    const NeuronId input = net_.smooth_input(n);
    const Ref z = ref_[static_cast<size_t>(input.value())];
    Ref& y = ref_[static_cast<size_t>(n.value())];
    if ((f == ir::SmoothFunction::kLog || f == ir::SmoothFunction::kReciprocal) &&
        !(net_.bounds(input).lo > 0) && !(!z.var.valid() && z.constant > 0)) {
      return absl::FailedPreconditionError(absl::StrCat(
          NeuronLabel(n), ": ", ir::SmoothFunctionName(f),
          " needs a positive argument, but the bounds of its input over the box reach 0 or below"));
    }
    if (!z.var.valid()) {
      y = {VarId(), ir::ApplySmooth(f, z.constant)};
      return absl::OkStatus();
    }
    if (options_.nl_reduced && !used_outside_affine_[static_cast<size_t>(n.value())]) {
      y = Ref::Substituted(f, z.var);  // substituted into the rows of its users
      return absl::OkStatus();
    }
    const ir::Interval b = ReadableBounds(net_.bounds(n));
    NN2MILP_ASSIGN_OR_RETURN(VarId yv, builder_.AddVar(b.lo, b.hi, false, VarName(n)));
    NN2MILP_RETURN_IF_ERROR(builder_.AddNonlinearRow({{yv, 1.0}}, {{f, z.var, -1.0}},
                                                     ir::RowSense::kEqual, 0.0, VarName(n))
                                .status());
    y = {yv, 0};
    return absl::OkStatus();
  }

  absl::Status EncodeOutputsAndObjective() {
    int64_t flat = 0;
    for (const ir::Port& port : net_.outputs()) {
      std::vector<VarId>& vars = out_.output_vars.emplace_back();
      for (size_t i = 0; i < port.neurons.size(); ++i, ++flat) {
        const NeuronId n = port.neurons[i];
        const Ref& r = ref_[static_cast<size_t>(n.value())];
        VarId v = r.var;
        if (!v.valid()) {  // a constant output: a variable fixed to it, named after its neuron
          NN2MILP_ASSIGN_OR_RETURN(v, builder_.AddVar(r.constant, r.constant, false, VarName(n)));
        }
        vars.push_back(v);
        if (problem_.sense != ir::ObjectiveSense::kNone && flat == problem_.objective_output) {
          out_.objective_var = v;
        }
      }
    }
    if (problem_.sense == ir::ObjectiveSense::kNone) return absl::OkStatus();
    out_.objective_scale = problem_.sense == ir::ObjectiveSense::kMaximize ? -1.0 : 1.0;
    return builder_.SetObjective({{out_.objective_var, out_.objective_scale}}, 0.0);
  }

  // A constraint of the problem as a row over variables: sum terms <= rhs, with sound bounds of
  // the left-hand side over the variables' bounds.
  struct SpecRow {
    std::vector<VarTerm> terms;  // merged by variable, no zeros
    double rhs = 0;
    ir::Interval activity;       // contains every value of sum terms over the variable bounds
  };

  SpecRow MakeSpecRow(const ir::LinearInequality& c) const {
    SpecRow r;
    r.rhs = c.rhs;
    for (const ir::LinearTerm& t : c.terms) {
      const VarId v = t.kind == ir::ElementKind::kInput ? flat_inputs_[static_cast<size_t>(t.index)]
                                                         : flat_outputs_[static_cast<size_t>(t.index)];
      r.terms.push_back({v, t.coef});
    }
    std::sort(r.terms.begin(), r.terms.end(),
              [](const VarTerm& a, const VarTerm& b) { return a.var.value() < b.var.value(); });
    size_t out = 0;
    for (const VarTerm& t : r.terms) {
      if (out > 0 && r.terms[out - 1].var == t.var) {
        r.terms[out - 1].coef += t.coef;
      } else {
        r.terms[out++] = t;
      }
    }
    r.terms.resize(out);
    r.terms.erase(std::remove_if(r.terms.begin(), r.terms.end(), [](const VarTerm& t) { return t.coef == 0; }),
                  r.terms.end());
    std::vector<double> coefs;
    std::vector<ir::Interval> boxes;
    for (const VarTerm& t : r.terms) {
      const ir::Variable& v = builder_.model().var(t.var);
      coefs.push_back(t.coef);
      boxes.push_back({v.lower, v.upper});
    }
    r.activity = ir::AffineBounds(0.0, coefs, boxes);
    return r;
  }
  static bool Implied(const SpecRow& r) { return r.activity.hi <= r.rhs; }
  static bool Impossible(const SpecRow& r) { return r.activity.lo > r.rhs; }

  ir::NameRef SpecName(absl::string_view base, ir::NameGroupId& group, int64_t& counter) {
    if (!group.valid()) group = builder_.AddNameGroup(std::string(base));
    return {group, counter++};
  }

  absl::Status AddPlainSpecRow(SpecRow r) {
    ++out_.stats.spec_rows;
    return builder_.AddRow(std::move(r.terms), ir::RowSense::kLessEqual, r.rhs,
                           SpecName("spec.c", spec_c_group_, spec_c_count_)).status();
  }

  // A disjunction none of whose disjuncts can hold: a variable fixed to 0 that must be >= 1.
  absl::Status AddFalse() {
    out_.stats.spec_infeasible_by_bounds = true;
    NN2MILP_ASSIGN_OR_RETURN(VarId f, builder_.AddVar(0.0, 0.0, false,
                                                       SpecName("spec.false", spec_false_group_, spec_false_count_)));
    ++out_.stats.spec_rows;
    return builder_.AddRow({{f, 1.0}}, ir::RowSense::kGreaterEqual, 1.0,
                           SpecName("spec.or", spec_or_group_, spec_or_count_)).status();
  }

  absl::Status EncodeConstraints() {
    if (problem_.constraints.empty() && problem_.disjunctions.empty()) return absl::OkStatus();
    for (const auto& vars : out_.input_vars) flat_inputs_.insert(flat_inputs_.end(), vars.begin(), vars.end());
    for (const auto& vars : out_.output_vars) flat_outputs_.insert(flat_outputs_.end(), vars.begin(), vars.end());
    for (const ir::LinearInequality& c : problem_.constraints) {
      SpecRow r = MakeSpecRow(c);
      if (Implied(r)) {
        ++out_.stats.spec_implied;
        continue;
      }
      if (Impossible(r)) out_.stats.spec_infeasible_by_bounds = true;
      NN2MILP_RETURN_IF_ERROR(AddPlainSpecRow(std::move(r)));
    }
    for (const ir::Disjunction& d : problem_.disjunctions) {
      std::vector<std::vector<SpecRow>> kept;
      bool always_true = false;
      for (const auto& conj : d.disjuncts) {
        std::vector<SpecRow> rows;
        bool impossible = false;
        for (const ir::LinearInequality& c : conj) {
          SpecRow r = MakeSpecRow(c);
          if (Implied(r)) {
            ++out_.stats.spec_implied;
          } else if (Impossible(r)) {
            impossible = true;
            break;
          } else {
            rows.push_back(std::move(r));
          }
        }
        if (impossible) {
          ++out_.stats.spec_dropped_disjuncts;
        } else if (rows.empty()) {
          always_true = true;  // the box implies this disjunct: the disjunction always holds
          break;
        } else {
          kept.push_back(std::move(rows));
        }
      }
      if (always_true) continue;
      if (kept.empty()) {
        NN2MILP_RETURN_IF_ERROR(AddFalse());
        continue;
      }
      if (kept.size() == 1) {
        for (SpecRow& r : kept[0]) NN2MILP_RETURN_IF_ERROR(AddPlainSpecRow(std::move(r)));
        continue;
      }
      std::vector<VarTerm> pick;
      for (std::vector<SpecRow>& rows : kept) {
        NN2MILP_ASSIGN_OR_RETURN(VarId off, builder_.AddVar(0.0, 1.0, true,
                                                             SpecName("spec.off", spec_off_group_, spec_off_count_)));
        ++out_.stats.spec_binaries;
        pick.push_back({off, 1.0});
        for (SpecRow& r : rows) {
          // M >= max (a.x - b) over the bounds, rounded upwards by AffineBounds; M > 0 here.
          std::vector<double> coefs;
          std::vector<ir::Interval> boxes;
          for (const VarTerm& t : r.terms) {
            const ir::Variable& v = builder_.model().var(t.var);
            coefs.push_back(t.coef);
            boxes.push_back({v.lower, v.upper});
          }
          const double big_m = ir::AffineBounds(-r.rhs, coefs, boxes).hi;
          if (!std::isfinite(big_m)) {
            return absl::FailedPreconditionError(
                "a constraint of the property has no finite bound over the box (big-M needs one)");
          }
          out_.stats.spec_max_big_m = std::max(out_.stats.spec_max_big_m, big_m);
          r.terms.push_back({off, -big_m});
          ++out_.stats.spec_rows;
          NN2MILP_RETURN_IF_ERROR(builder_.AddRow(std::move(r.terms), ir::RowSense::kLessEqual, r.rhs,
                                                  SpecName("spec.d", spec_d_group_, spec_d_count_)).status());
        }
      }
      ++out_.stats.spec_rows;
      const double at_most_off = static_cast<double>(kept.size() - 1);
      NN2MILP_RETURN_IF_ERROR(builder_.AddRow(std::move(pick), ir::RowSense::kLessEqual, at_most_off,
                                              SpecName("spec.or", spec_or_group_, spec_or_count_)).status());
    }
    return absl::OkStatus();
  }

  const ir::Network& net_;
  const ir::Problem& problem_;
  const EncodeOptions& options_;
  std::vector<bool> used_outside_affine_;  // nl_reduced only
  ir::MilpBuilder builder_;
  Encoding out_;
  std::vector<Ref> ref_;
  std::vector<ir::NameGroupId> var_group_;
  absl::flat_hash_map<int32_t, ir::NameGroupId> binary_groups_, ge_groups_, lo_groups_, up_groups_;
  // Property constraints: flattened input/output variables, name groups and their counters.
  std::vector<VarId> flat_inputs_, flat_outputs_;
  ir::NameGroupId spec_c_group_, spec_d_group_, spec_or_group_, spec_off_group_, spec_false_group_;
  int64_t spec_c_count_ = 0, spec_d_count_ = 0, spec_or_count_ = 0, spec_off_count_ = 0,
          spec_false_count_ = 0;
};

}  // namespace

absl::StatusOr<Encoding> EncodeMilp(const ir::Network& net, const ir::Problem& problem,
                                    const EncodeOptions& options) {
  NN2MILP_RETURN_IF_ERROR(ir::ValidateProblem(net, problem));
  return Encoder(net, problem, options).Run();
}

std::vector<bool> LiveNeurons(const ir::Network& net) {
  std::vector<bool> live(static_cast<size_t>(net.num_neurons()), false);
  for (const ir::Port& p : net.outputs()) {
    for (NeuronId n : p.neurons) live[static_cast<size_t>(n.value())] = true;
  }
  for (int32_t i = net.num_neurons() - 1; i >= 0; --i) {
    const NeuronId n(i);
    if (!live[static_cast<size_t>(i)]) continue;
    if (net.kind(n) == NeuronKind::kAffine) {
      for (const ir::Term& t : net.terms(n)) live[static_cast<size_t>(t.neuron.value())] = true;
    } else if (net.kind(n) == NeuronKind::kRelu && net.bounds(net.relu_input(n)).hi > 0) {
      live[static_cast<size_t>(net.relu_input(n).value())] = true;
    } else if (net.kind(n) == NeuronKind::kSmooth) {
      live[static_cast<size_t>(net.smooth_input(n).value())] = true;
    }
  }
  return live;
}

}  // namespace nn2milp::passes
