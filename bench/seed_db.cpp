// Fills a database with generated conversations for the benchmarks, through
// the same questioning service the server runs: each conversation is started
// with a context (five questions planned, stored and embedded), then the
// person answers two or three of them and gets one to three follow-up
// questions, exactly as two tool calls would. Every second conversation
// belongs to one person (a user_id); the others have none. Only the
// durability setting differs from a server: synchronous=NORMAL while seeding
// (the server uses FULL). The vector index is built alongside and left caught
// up and saved, as a server would leave it.
//
// It can also append the same conversations to a knowledge-graph JSONL file
// in the format @modelcontextprotocol/server-memory reads: one entity per
// conversation (context, questions and answers as observations), one for the
// person, and a relation from each of the person's conversations to them, so
// both servers hold the same text.
//
//   seed_db --db FILE --conversations N [--memory-jsonl FILE] [--person USER_ID] [--seed S] [--no-index]
//
// N is the total wanted: a database that already holds some conversations
// gets only the missing ones, so one database can be grown 1k -> 10k -> 100k.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "memory/embedder.hpp"
#include "memory/memory_store.hpp"
#include "questioning/flows.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "storage/repository.hpp"

namespace {

using json = nlohmann::json;
using Rng = std::mt19937_64;

template <typename T>
const T& pick(Rng& rng, const std::vector<T>& items) {
  return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(rng)];
}

int between(Rng& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

// ---- generated text ----------------------------------------------------------------

const std::vector<std::string> kPlaces = {"Japan", "Portugal", "Iceland", "Peru", "Vietnam", "Morocco", "Norway",
                                          "Mexico", "Greece", "Kenya", "Scotland", "Chile", "Italy", "Canada",
                                          "New Zealand", "Croatia", "Thailand", "Georgia", "Jordan", "Ireland"};
const std::vector<std::string> kCities = {"Lisbon", "Kyoto", "Oaxaca", "Bergen", "Hanoi", "Cusco", "Split",
                                          "Edinburgh", "Valparaiso", "Marrakesh", "Tbilisi", "Galway", "Naples",
                                          "Quebec", "Chiang Mai", "Reykjavik", "Nairobi", "Osaka", "Porto"};
const std::vector<std::string> kMonths = {"January", "February", "March", "April", "May", "June", "July",
                                          "August", "September", "October", "November", "December"};
const std::vector<std::string> kNames = {"Maria", "Tom", "Aisha", "Kenji", "Lena", "Omar", "Priya", "Jonas",
                                         "Sofia", "Daniel", "Mei", "Carlos", "Ingrid", "Samuel", "Noor", "Felix"};
const std::vector<std::string> kLanguages = {"Spanish", "Japanese", "German", "French", "Italian", "Portuguese",
                                             "Mandarin", "Korean", "Dutch", "Greek"};
const std::vector<std::string> kThings = {"laptop", "electric bike", "mattress", "standing desk", "camera",
                                          "family car", "sofa", "dishwasher", "pair of headphones", "monitor",
                                          "road bike", "espresso machine", "phone", "tent"};
const std::vector<std::string> kRoles = {"backend engineer", "product designer", "data analyst", "office manager",
                                         "nanny", "support lead", "mobile developer", "bookkeeper",
                                         "marketing assistant", "site reliability engineer"};
const std::vector<std::string> kApps = {"booking app for a yoga studio", "inventory dashboard for a bakery",
                                        "API for tracking parcels", "website for a dental clinic",
                                        "mobile app for dog walkers", "internal tool for expense approvals",
                                        "SaaS for small law firms", "customer portal for a plumbing company"};
const std::vector<std::string> kEvents = {"wedding", "company offsite", "50th birthday party", "family reunion",
                                          "product launch", "charity fundraiser", "team retreat",
                                          "graduation party", "small conference"};
const std::vector<std::string> kSymptoms = {"recurring headaches", "lower back pain", "trouble sleeping",
                                            "a persistent cough", "knee pain after running", "constant fatigue",
                                            "a skin rash", "dizziness in the morning"};
const std::vector<std::string> kTopics = {"remote work and productivity", "urban cycling safety",
                                          "microplastics in rivers", "sleep and exam results",
                                          "community gardens", "four-day work weeks", "reading habits of teenagers",
                                          "heat pumps in old houses"};

std::string context_for(Rng& rng) {
  switch (between(rng, 0, 11)) {
    case 0:
      return fmt::format("Plan a {}-week trip to {} in {} for {} people", between(rng, 1, 4), pick(rng, kPlaces),
                         pick(rng, kMonths), between(rng, 1, 6));
    case 1:
      return fmt::format("Help me plan a honeymoon in {} and {} on a budget of about {} dollars",
                         pick(rng, kPlaces), pick(rng, kCities), between(rng, 3, 15) * 1000);
    case 2:
      return fmt::format("We are hiring a {} for our team of {} and need a job description",
                         pick(rng, kRoles), between(rng, 3, 40));
    case 3:
      return fmt::format("Write the product requirements for a {}", pick(rng, kApps));
    case 4:
      return fmt::format("I want to learn {} well enough to hold a conversation by {}", pick(rng, kLanguages),
                         pick(rng, kMonths));
    case 5:
      return fmt::format("Organise a {} for about {} guests in {}", pick(rng, kEvents), between(rng, 15, 200),
                         pick(rng, kCities));
    case 6:
      return fmt::format("Health intake: I have had {} for {} weeks", pick(rng, kSymptoms), between(rng, 1, 12));
    case 7:
      return fmt::format("Help me choose a {} for under {} dollars", pick(rng, kThings), between(rng, 2, 30) * 100);
    case 8:
      return fmt::format("Review my personal finances: saving for retirement and paying off a {} dollar loan",
                         between(rng, 5, 60) * 1000);
    case 9:
      return fmt::format("Compare home insurance policies for a {} bedroom house near {}", between(rng, 1, 5),
                         pick(rng, kCities));
    case 10:
      return fmt::format("Design a survey for a research project on {}", pick(rng, kTopics));
    default:
      return fmt::format("Plan a weekend getaway to {} with {} in {}", pick(rng, kCities), pick(rng, kNames),
                         pick(rng, kMonths));
  }
}

std::string answer_text(Rng& rng) {
  switch (between(rng, 0, 9)) {
    case 0: return fmt::format("About {} dollars in total, though we could stretch a little", between(rng, 2, 90) * 100);
    case 1: return fmt::format("{} and I will decide together; {} has the final say on dates", pick(rng, kNames),
                               pick(rng, kNames));
    case 2: return fmt::format("Mostly around {}, maybe a day or two in {}", pick(rng, kCities), pick(rng, kCities));
    case 3: return fmt::format("Ideally before the end of {}, the earlier the better", pick(rng, kMonths));
    case 4: return fmt::format("Not sure yet, probably {} or {}", between(rng, 2, 9), between(rng, 10, 20));
    case 5: return "Quality matters more than price, and it has to be simple to use";
    case 6: return fmt::format("We tried something similar in {} and it went badly because of the weather",
                               pick(rng, kPlaces));
    case 7: return fmt::format("At least {} hours a week, mostly in the evenings", between(rng, 2, 12));
    case 8: return "No strong preference, whatever is easiest to organise";
    default: return fmt::format("{} recommended keeping it small, around {} people", pick(rng, kNames),
                                between(rng, 4, 30));
  }
}

// ---- seeding ------------------------------------------------------------------------

struct Options {
  std::string db;
  std::string memory_jsonl;
  long conversations = 1000;
  std::string person = "person-1";
  unsigned long seed = 1;
  bool index = true;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "seed_db: %s\nusage: seed_db --db FILE --conversations N [--memory-jsonl FILE] [--person USER_ID] "
               "[--seed S] [--no-index]\n",
               why);
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value for " + a).c_str());
      return argv[++i];
    };
    if (a == "--db") o.db = value();
    else if (a == "--memory-jsonl") o.memory_jsonl = value();
    else if (a == "--conversations") o.conversations = std::stol(value());
    else if (a == "--person") o.person = value();
    else if (a == "--seed") o.seed = std::stoul(value());
    else if (a == "--no-index") o.index = false;
    else usage(("unknown argument " + a).c_str());
  }
  if (o.db.empty()) usage("--db is required");
  if (o.conversations < 1) usage("--conversations must be positive");
  return o;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

sq::storage::Database::Options seeding_options() {
  sq::storage::Database::Options o;
  o.synchronous_full = false;  // seeding only; the server always opens with FULL
  return o;
}

// Keeps a vector index in step with the rows the seeding thread commits, on a
// connection of its own, so the graph is built while conversations are still
// being written (the index build is most of the seeding time at 100k).
class Indexer {
 public:
  explicit Indexer(const std::string& path) : thread_([this, path] { run(path); }) {}
  // Catches up with the last rows, saves the index and returns its status.
  sq::memory::IndexStatus finish() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    thread_.join();
    if (error_) std::rethrow_exception(error_);
    return status_;
  }

 private:
  void run(const std::string& path) {
    try {
      auto db = sq::storage::Database::open(path, seeding_options());
      sq::memory::MemoryStore store(*db, sq::memory::index_path_for(path), sq::memory::make_default_embedder());
      for (;;) {
        bool last = false;
        {
          std::unique_lock<std::mutex> lock(mutex_);
          wake_.wait_for(lock, std::chrono::seconds(2), [this] { return done_; });
          last = done_;
        }
        // A search across all conversations loads the index (or builds it) and
        // first adds every committed row above its watermark.
        store.search("catch up", sq::memory::SearchFilter{}, 1);
        if (last) break;
      }
      status_ = store.ensure_index();
      store.save();
    } catch (...) {
      error_ = std::current_exception();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::exception_ptr error_;
  sq::memory::IndexStatus status_;
  std::thread thread_;
};

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  using namespace sq;

  auto db = storage::Database::open(o.db, seeding_options());
  storage::migrate(*db);
  // A larger page cache and fewer checkpoints change how fast this process
  // writes, not what it writes.
  db->exec("PRAGMA cache_size = -262144");
  db->exec("PRAGMA wal_autocheckpoint = 20000");
  memory::MemoryStore memory(*db, memory::index_path_for(o.db), memory::make_default_embedder());
  questioning::Service service(*db, memory);
  storage::Repository repo(*db);

  const long existing = repo.counts().conversations;
  std::ofstream jsonl;
  if (!o.memory_jsonl.empty()) {
    jsonl.open(o.memory_jsonl, std::ios::app);
    if (!jsonl) usage("cannot open the --memory-jsonl file");
    if (existing == 0) {
      jsonl << json{{"type", "entity"}, {"name", o.person}, {"entityType", "person"}, {"observations", json::array()}}
                   .dump()
            << '\n';
    }
  }

  std::optional<Indexer> indexer;
  if (o.index) indexer.emplace(o.db);

  // Conversations are started without a user_id (one anonymous session each);
  // every second one is then handed to the person below, which leaves the rows
  // a server would have written had that user_id been passed (the recall the
  // server does for a known user changes the reply, not what is stored).
  std::vector<std::string> owned;
  const auto start = std::chrono::steady_clock::now();
  for (long i = existing; i < o.conversations; ++i) {
    Rng rng(o.seed * 1000003 + static_cast<unsigned long>(i));
    questioning::BatchRequest first;
    first.context = context_for(rng);
    const questioning::Batch b1 = service.next_batch(first);

    // The person answers two or three of the first questions, numbered.
    std::vector<int> numbers;
    for (const auto& q : b1.questions) numbers.push_back(q.number);
    std::shuffle(numbers.begin(), numbers.end(), rng);
    numbers.resize(std::min<std::size_t>(numbers.size(), static_cast<std::size_t>(between(rng, 2, 3))));
    std::sort(numbers.begin(), numbers.end());
    std::string answers;
    std::vector<std::string> answer_lines;
    for (int n : numbers) {
      const std::string a = answer_text(rng);
      answers += fmt::format("{}{}. {}", answers.empty() ? "" : "\n", n, a);
      answer_lines.push_back(fmt::format("Answer to question {}: {}", n, a));
    }

    questioning::BatchRequest second;
    second.conversation_id = b1.conversation_id;
    second.batch_size = between(rng, 1, 3);
    second.previous_messages.push_back({"assistant", b1.numbered_list(), std::nullopt});
    second.previous_messages.push_back({"user", answers, std::nullopt});
    const questioning::Batch b2 = service.follow_up(second);
    const bool is_owned = i % 2 == 0;
    if (is_owned) owned.push_back(b1.conversation_id);

    if (jsonl.is_open()) {
      json observations = json::array({"Context: " + *first.context});
      for (const auto* b : {&b1, &b2}) {
        for (const auto& q : b->questions) observations.push_back(fmt::format("Question {}: {}", q.number, q.text));
      }
      for (const auto& a : answer_lines) observations.push_back(a);
      jsonl << json{{"type", "entity"},
                    {"name", b1.conversation_id},
                    {"entityType", "conversation"},
                    {"observations", observations}}
                   .dump()
            << '\n';
      if (is_owned) {
        jsonl << json{{"type", "relation"}, {"from", b1.conversation_id}, {"to", o.person}, {"relationType", "asked_by"}}
                     .dump()
              << '\n';
      }
    }
    if ((i + 1) % 10000 == 0) {
      std::fprintf(stderr, "seed_db: %ld conversations (%.0f/s)\n", i + 1,
                   static_cast<double>(i + 1 - existing) / seconds_since(start));
    }
  }

  {
    storage::Transaction tx(*db);
    auto person = repo.find_session_by_user(o.person);
    if (!person) person = repo.create_session(o.person);
    for (const auto& id : owned) {
      auto st = db->prepare("UPDATE conversations SET session_id = ?2 WHERE id = ?1");
      st.bind(1, id).bind(2, person->id);
      st.run();
    }
    db->exec(
        "DELETE FROM user_sessions WHERE user_id IS NULL AND id NOT IN (SELECT session_id FROM conversations)");
    tx.commit();
  }
  const double seeding = seconds_since(start);

  // Leave the index as a server would: caught up with every row and saved.
  memory::IndexStatus status;
  if (indexer) status = indexer->finish();
  const double total = seconds_since(start);
  db->exec("PRAGMA wal_checkpoint(TRUNCATE)");

  const storage::RowCounts c = repo.counts();
  std::printf(
      "{\"conversations\":%lld,\"added\":%ld,\"sessions\":%lld,\"questions\":%lld,\"answers\":%lld,"
      "\"contexts\":%lld,\"embeddings\":%lld,\"vectors\":%lld,\"seed_seconds\":%.3f,\"total_seconds\":%.3f}\n",
      static_cast<long long>(c.conversations), o.conversations > existing ? o.conversations - existing : 0,
      static_cast<long long>(c.sessions), static_cast<long long>(c.questions), static_cast<long long>(c.answers),
      static_cast<long long>(c.contexts), static_cast<long long>(c.embeddings),
      static_cast<long long>(status.vectors), seeding, total);
  return 0;
}
