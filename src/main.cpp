// Entry point of sequential-questioning: hands the arguments to the CLI.
#include <csignal>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  // A client that goes away must not kill us mid-write; writes report EPIPE instead.
  std::signal(SIGPIPE, SIG_IGN);
  // A file size limit (ulimit -f) must fail the write (EFBIG) with an error we
  // can report, not kill the process.
  std::signal(SIGXFSZ, SIG_IGN);
  return sq::cli::run(argc, argv);
}
