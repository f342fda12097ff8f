#include "tools/cli_app.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/exit_codes.h"

namespace nn2milp::tools {
namespace {

using ::testing::HasSubstr;

// "--name" for each long name, "-x" for each short name, the name of a positional.
std::vector<std::string> Names(const CLI::Option& opt) {
  std::vector<std::string> names;
  for (const std::string& l : opt.get_lnames()) names.push_back("--" + l);
  for (const std::string& s : opt.get_snames()) names.push_back("-" + s);
  if (names.empty()) names.push_back(opt.get_name());
  return names;
}

struct Registered {
  std::string command;  // "" for the top level
  std::string footer;
  std::vector<std::string> names;
};

std::vector<Registered> AllOptions(CLI::App& app) {
  std::vector<Registered> out;
  for (const CLI::Option* opt : app.get_options()) out.push_back({"", app.get_footer(), Names(*opt)});
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    for (const CLI::Option* opt : sub->get_options()) {
      if (opt == sub->get_help_ptr()) continue;  // -h,--help: documented once, at the top level
      out.push_back({sub->get_name(), sub->get_footer(), Names(*opt)});
    }
  }
  return out;
}

TEST(CliHelpTest, EveryOptionHasAnExampleInItsCommandsHelp) {
  CLI::App app;
  CliOptions options;
  SetupCli(app, options);
  const std::vector<Registered> all = AllOptions(app);
  ASSERT_GE(all.size(), 25u);  // compile has 23 options, eval 2, check 5 (with positionals)
  for (const Registered& r : all) {
    for (const std::string& name : r.names) {
      // Positionals ("model") are named in the examples' first line.
      EXPECT_THAT(r.footer, HasSubstr(name)) << "command '" << r.command << "' option " << name;
    }
  }
  // Subcommands appear in the top-level examples too.
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    EXPECT_THAT(app.get_footer(), HasSubstr(absl::StrCat("nn2milp ", sub->get_name(), " ")));
  }
}

TEST(CliHelpTest, HelpListsEveryExitCode) {
  CLI::App app;
  CliOptions options;
  SetupCli(app, options);
  const std::string footer = app.get_footer();
  for (const int code : {kExitOk, kExitInternal, kExitUsage, kExitInvalidModel, kExitUnsupported,
                         kExitIo, kExitPrecondition, kExitCheckFailed}) {
    EXPECT_THAT(footer, HasSubstr(absl::StrCat("\n  ", code, "  "))) << "exit code " << code;
  }
  EXPECT_THAT(footer, HasSubstr("Exit status:"));
}

// The man page generated at build time by help2man (tools/man_page.cmake) names every option,
// every subcommand and every exit code.
TEST(CliHelpTest, ManPageDocumentsEveryOption) {
  const std::string path = NN2MILP_MAN_PAGE;
  ASSERT_FALSE(path.empty()) << "help2man was not found at configure time: run scripts/setup.sh";
  std::ifstream in(path);
  ASSERT_TRUE(in) << "cannot read " << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  // roff writes '-' as "\-".
  const std::string man = absl::StrReplaceAll(buffer.str(), {{"\\-", "-"}});
  EXPECT_THAT(man, HasSubstr(".TH NN2MILP \"1\""));
  CLI::App app;
  CliOptions options;
  SetupCli(app, options);
  for (const Registered& r : AllOptions(app)) {
    for (const std::string& name : r.names) {
      EXPECT_THAT(man, HasSubstr(name)) << "command '" << r.command << "' option " << name;
    }
  }
  EXPECT_THAT(man, HasSubstr("nn2milp eval"));
  EXPECT_THAT(man, HasSubstr("nn2milp check"));
  EXPECT_THAT(man, HasSubstr("Exit status"));
  for (const char* meaning : {"internal error", "bad command line", "does not support",
                              "cannot be read or written", "prerequisite is missing"}) {
    EXPECT_THAT(man, HasSubstr(meaning));
  }
}

}  // namespace
}  // namespace nn2milp::tools
