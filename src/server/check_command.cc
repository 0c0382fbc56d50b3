// `parcoursd --check DIR` (server_config.h): the report of CheckDataDirectory on standard output.
#include <iostream>
#include <string>

#include "parcours/data_check.h"
#include "server/server_config.h"

namespace parcours::server {

int RunCheck(const std::filesystem::path& directory) {
  auto check = CheckDataDirectory(directory);
  if (!check) {
    std::cerr << "parcoursd --check: " << check.error().message() << "\n";
    return check.error().kind() == ErrorKind::kDataLoss ? kExitCorrupt : 1;
  }
  std::cout << "checked " << directory.string() << ": format "
            << (check->format.empty() ? "?" : check->format) << ", " << check->partitions
            << " partitions, " << check->files_verified << " table files checksummed\n";
  std::string records;
  for (const auto& [table, n] : check->records) {
    records += (records.empty() ? "" : ", ") + table + " " + std::to_string(n);
  }
  std::cout << "records: " << records << "\n";
  if (check->ok()) {
    std::cout << "sound: no problem found\n";
    return 0;
  }
  std::cout << "CORRUPT: "
            << check->problems.size() + static_cast<std::size_t>(check->more_problems)
            << " problems\n";
  for (const std::string& problem : check->problems) std::cout << "  " << problem << "\n";
  if (check->more_problems > 0) {
    std::cout << "  ... and " << check->more_problems << " more\n";
  }
  std::cout << "parcoursd stops when it meets corrupt data: restore the directory from a backup.\n";
  return kExitCorrupt;
}

}  // namespace parcours::server
