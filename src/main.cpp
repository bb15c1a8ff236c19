// Entry point of sequential-questioning: hands the arguments to the CLI.
#include <csignal>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  // A client that goes away must not kill us mid-write; writes report EPIPE instead.
  std::signal(SIGPIPE, SIG_IGN);
  return sq::cli::run(argc, argv);
}
