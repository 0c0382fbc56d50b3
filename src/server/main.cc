// parcoursd: the Parcours server. Thin: reads the configuration and runs the server.
#include "server/server_config.h"

int main(int argc, char** argv) {
  parcours::server::ServerConfig config;
  if (int code = parcours::server::ParseCommandLine(argc, argv, config); code >= 0) return code;
  if (!config.check.empty()) return parcours::server::RunCheck(config.check);
  return parcours::server::RunServer(config);
}
