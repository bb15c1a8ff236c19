// Process wiring: see app.hpp.
#include "app.hpp"

#include <cstdlib>

#include "llm/client.hpp"
#include "llm/config.hpp"
#include "llm/embedder.hpp"
#include "llm/question_generator.hpp"
#include "storage/migrations.hpp"
#include "storage/repository.hpp"
#include "util/log.hpp"

namespace sq {
namespace {

// The embedder the environment asks for: the provider's embedding model
// when SQ_EMBED_MODEL is set and it can be reached (or its vector length is
// already recorded), else the built-in hashing embedder.
std::unique_ptr<memory::Embedder> choose_embedder(storage::Repository& repo, const std::optional<std::string>& stored,
                                                  const llm::Config& config,
                                                  const std::shared_ptr<llm::Client>& client) {
  if (!config.embeddings_enabled()) return memory::make_default_embedder();
  if (!llm::provider_available()) {
    util::log::warn("SQ_EMBED_MODEL is set, but this build has no LLM provider ({}); "
                    "using the built-in hashing embedder",
                    llm::provider_description());
    return memory::make_default_embedder();
  }
  const std::string identity = llm::api_embedder_identity(config.embed_model);
  int dimension = 0;
  if (stored == identity) {
    if (const auto dim = repo.meta("embedder.dim")) dimension = std::atoi(dim->c_str());
  }
  if (dimension <= 0) {
    try {
      dimension = llm::probe_dimension(*client);
    } catch (const llm::LlmError& e) {
      util::log::warn("the embedding model {} could not be reached ({}); using the built-in hashing embedder "
                      "for now",
                      config.embed_model, e.what());
      return memory::make_default_embedder();
    }
  }
  return std::make_unique<llm::ApiEmbedder>(client, dimension);
}

}  // namespace

App App::open(const std::optional<std::string>& db_option) {
  App app;
  app.location = util::resolve_database_path(db_option);
  const llm::Config config = llm::config_from_environment();
  app.db = storage::Database::open(app.location.path);
  storage::migrate(*app.db);

  std::shared_ptr<llm::Client> client;
  if (config.any_enabled()) {
    client = std::make_shared<llm::Client>(config);
    util::log::info("LLM provider: {}", config.describe());
  }
  storage::Repository repo(*app.db);
  const auto stored = repo.meta("embedder");  // who embedded the stored text
  auto embedder = choose_embedder(repo, stored, config, client);
  if (stored && *stored != embedder->identity()) {
    util::log::warn("stored text was embedded by {}; it is re-embedded by {} at the first search "
                    "(run `sequential-questioning reindex` to do it now)",
                    *stored, embedder->identity());
  }
  app.memory = std::make_unique<memory::MemoryStore>(*app.db, memory::index_path_for(app.location.path),
                                                     std::move(embedder));
  app.service = std::make_unique<questioning::Service>(*app.db, *app.memory);
  if (config.generation_enabled()) {
    if (!llm::provider_available()) {
      util::log::warn("SQ_LLM_MODEL is set, but this build has no LLM provider ({}); "
                      "questions come from the built-in planner",
                      llm::provider_description());
    }
    app.service->set_generator(std::make_shared<llm::LlmQuestionGenerator>(client));
  }
  return app;
}

}  // namespace sq
