// `doctor`: whether this installation can work, from the outside in: the
// directory and its permissions, free disk space, the database file (opens,
// writable, private), SQLite's own checks, the schema version, embeddings,
// the vector index, and whether a server is running. Changes nothing.
#pragma once

#include <cstdint>
#include <string>

#include "memory/embedder.hpp"
#include "ops/findings.hpp"

namespace sq::ops {

struct DoctorOptions {
  std::string database_path;
  std::string source;  // where the path came from: "--db", "SQ_DB", ...
  std::int64_t min_free_bytes = 100LL * 1024 * 1024;
};

Findings run_doctor(const DoctorOptions& options, const memory::Embedder& embedder);

}  // namespace sq::ops
