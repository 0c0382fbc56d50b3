// Corrupt data (issue 14): `parcoursd --check DIR` verifies a data directory offline (exit 0
// sound, 4 corrupt, 1 cannot be opened); a node that meets corrupt data while serving says what
// and where, and stops with exit code 4 instead of answering "unavailable, retry".
#include "../run_process.h"
#include "server_test.h"
#include "store/corrupt_test_util.h"

namespace parcours::testing {
namespace {

using ::testing::HasSubstr;

class Corruption : public ServerTest {
 protected:
  // 300 profiles in the journey, then a graceful stop.
  void FillAndStop() {
    PublishJourney();
    std::string batch = R"({"events":[)";
    for (int i = 0; i < 300; ++i) {
      if (i > 0) batch += ",";
      batch += R"({"type":"signup","profileId":"p)" + std::to_string(i) + R"("})";
    }
    batch += "]}";
    ASSERT_EQ(http().Post("/v1/events/batch", batch).status, 202);
    ASSERT_EQ(server().Terminate(), 0);
  }

  ProcessResult Check() { return RunProcess({ParcoursdPath(), "--check", data().string()}); }
};

TEST_F(Corruption, CheckSaysASoundDirectoryIsSound) {
  FillAndStop();
  ProcessResult check = Check();
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_THAT(check.out, HasSubstr("format parcours-2, 16 partitions"));
  EXPECT_THAT(check.out, HasSubstr("journeys 1,"));
  EXPECT_THAT(check.out, HasSubstr("sound: no problem found"));
}

TEST_F(Corruption, CheckNamesTheDamagedFileAndExitsFour) {
  FillAndStop();
  ASSERT_GT(parcours::store_test::CorruptTableFiles(data(), "history"), 0);
  ProcessResult check = Check();
  EXPECT_EQ(check.exit_code, 4) << check.out << check.err;
  EXPECT_THAT(check.out, HasSubstr("CORRUPT"));
  EXPECT_THAT(check.out, HasSubstr(".sst"));
}

TEST_F(Corruption, CheckOfNoDirectoryExitsOne) {
  ProcessResult check = RunProcess({ParcoursdPath(), "--check", (dir() / "nothing").string()});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_THAT(check.err, HasSubstr("no data directory at"));
}

TEST_F(Corruption, ANodeThatMeetsCorruptDataSaysWhereAndStopsWithExitFour) {
  FillAndStop();
  ASSERT_GT(parcours::store_test::CorruptTableFiles(data(), "history"), 0);
  StartServer({});
  // Reading the profiles' histories meets a damaged block: a 500 that names it, then the stop.
  int status = 0;
  for (int i = 0; i < 300 && status != 500; ++i) {
    status = http().Get("/v1/profiles/p" + std::to_string(i) + "/journeys").status;
  }
  ASSERT_EQ(status, 500);
  EXPECT_EQ(server().WaitForExit(), 4);
  std::string log = server().Log();
  EXPECT_THAT(log, HasSubstr("event=store_corrupt"));
  EXPECT_THAT(log, HasSubstr("history"));
  EXPECT_THAT(log, HasSubstr("parcoursd --check"));
}

}  // namespace
}  // namespace parcours::testing
