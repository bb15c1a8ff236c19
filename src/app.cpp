// Process wiring: see app.hpp.
#include "app.hpp"

#include "storage/migrations.hpp"

namespace sq {

App App::open(const std::optional<std::string>& db_option) {
  App app;
  app.location = util::resolve_database_path(db_option);
  app.db = storage::Database::open(app.location.path);
  storage::migrate(*app.db);
  app.memory = std::make_unique<memory::MemoryStore>(*app.db, memory::index_path_for(app.location.path),
                                                     memory::make_default_embedder());
  app.service = std::make_unique<questioning::Service>(*app.db, *app.memory);
  return app;
}

}  // namespace sq
