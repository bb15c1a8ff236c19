// Versioned schema migrations, tracked with PRAGMA user_version. Each step
// runs in its own transaction; a database from a newer program is refused.
#pragma once

#include "storage/database.hpp"

namespace sq::storage {

// The schema version this program writes.
int latest_schema_version();

// The database's current schema version (0 for a new file).
int schema_version(Database& db);

// Brings the schema up to date. Throws Error/runtime_error if the database is
// newer than this program understands.
void migrate(Database& db);

}  // namespace sq::storage
