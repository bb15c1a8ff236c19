// The command line: parses arguments with CLI11 and runs one subcommand.
// `serve` (the default) runs the MCP server on stdin/stdout.
#pragma once

namespace sq::cli {

// Returns the exit status: 0 success, 1 failure, 2 usage error.
int run(int argc, char** argv);

}  // namespace sq::cli
