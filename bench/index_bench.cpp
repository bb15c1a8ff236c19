// Index benchmark: insert rate, search latency (p50/p99), recall@k against
// brute force, save/load time and memory of the HNSW index (memory/vector_index)
// at several sizes, on uniform random unit vectors and on vectors of generated
// sentences from the default embedder. Prints figures; asserts nothing.
//
//   index_bench [--sizes 10000,100000,1000000] [--datasets random,sentences]
//               [--queries 200] [--k 10] [--M 16] [--ef-construction 200]
//               [--ef-search 96] [--ef-sweep 32,64,96,128,256] [--threads N]
//               [--dir /tmp] [--seed 1] [--no-fork]
//   index_bench --load FILE [--runs 7]
//
// Each (dataset, size) runs in a forked child so that VmHWM is its own.
// --load times loading an existing index file (for example the `<db>.hnsw` of
// a real database) in a new process each time, as a server's first search
// does, and prints each time and the median.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "memory/hashing_embedder.hpp"
#include "memory/vector_index.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using sq::memory::IndexParams;
using sq::memory::VectorIndex;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

struct Options {
  std::vector<std::size_t> sizes{10000, 100000, 1000000};
  std::vector<std::string> datasets{"random", "sentences"};
  std::size_t queries = 200;
  std::size_t k = 10;
  IndexParams params;
  std::vector<std::size_t> ef_sweep;  // empty: just params.ef_search
  unsigned threads = 0;
  std::string dir = "/tmp";
  unsigned seed = 1;
  bool fork_runs = true;
  std::string load_file;  // --load: only time loading this file
  std::size_t load_runs = 7;
  int dim = sq::memory::HashingEmbedder::kDefaultDimension;
};

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::vector<std::size_t> split_sizes(const std::string& s) {
  std::vector<std::size_t> out;
  for (const auto& item : split(s)) out.push_back(std::stoull(item));
  return out;
}

// VmRSS and VmHWM from /proc/self/status, in MiB.
std::pair<double, double> memory_mib() {
  std::ifstream in("/proc/self/status");
  double rss = 0, hwm = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) rss = std::stod(line.substr(6)) / 1024.0;
    if (line.rfind("VmHWM:", 0) == 0) hwm = std::stod(line.substr(6)) / 1024.0;
  }
  return {rss, hwm};
}

// Runs fn(i) for i in [0, n) on `threads` threads.
void parallel_for(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn) {
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < n; i = next++) fn(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

// ---- data -------------------------------------------------------------------

void normalise(float* v, int dim) {
  double n = 0;
  for (int i = 0; i < dim; ++i) n += static_cast<double>(v[i]) * v[i];
  const double inv = n > 0 ? 1.0 / std::sqrt(n) : 0.0;
  for (int i = 0; i < dim; ++i) v[i] = static_cast<float>(v[i] * inv);
}

// Gaussian directions: uniform on the sphere.
std::vector<float> random_vectors(std::size_t n, int dim, unsigned seed, unsigned threads) {
  std::vector<float> out(n * static_cast<std::size_t>(dim));
  const std::size_t blocks = (n + 4095) / 4096;
  parallel_for(blocks, threads, [&](std::size_t b) {
    std::mt19937_64 rng(seed * 1000003ULL + b);
    std::normal_distribution<float> g;
    for (std::size_t i = b * 4096; i < std::min(n, (b + 1) * 4096); ++i) {
      float* v = out.data() + i * static_cast<std::size_t>(dim);
      for (int d = 0; d < dim; ++d) v[d] = g(rng);
      normalise(v, dim);
    }
  });
  return out;
}

// Sentences over a made-up vocabulary: topics with their own favoured words,
// Zipf-distributed general words and English stop words, so neighbours share
// words the way related questions and answers do.
class SentenceMaker {
 public:
  explicit SentenceMaker(unsigned seed) : rng_(seed) {
    static const char* syllables[] = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "zu", "be", "da", "fi",
                                      "go", "hu", "ja", "ke", "li", "mo", "nu", "pa", "qui", "re", "si", "to",
                                      "ul", "va", "we", "xi", "yo", "ze", "tra", "pli", "dro", "ske", "mar", "ten"};
    std::uniform_int_distribution<int> syl(0, static_cast<int>(std::size(syllables)) - 1);
    std::uniform_int_distribution<int> len(2, 4);
    std::set<std::string> seen;
    while (vocabulary_.size() < 20000) {
      std::string w;
      for (int i = len(rng_); i > 0; --i) w += syllables[syl(rng_)];
      if (seen.insert(w).second) vocabulary_.push_back(w);
    }
    // Zipf weights for the general vocabulary.
    double total = 0;
    for (std::size_t r = 1; r <= vocabulary_.size(); ++r) {
      total += 1.0 / std::pow(static_cast<double>(r), 1.07);
      cumulative_.push_back(total);
    }
    for (double& c : cumulative_) c /= total;
    // 2000 topics of 12 words each.
    std::uniform_int_distribution<std::size_t> any(0, vocabulary_.size() - 1);
    topics_.resize(2000);
    for (auto& t : topics_) {
      for (int i = 0; i < 12; ++i) t.push_back(any(rng_));
    }
  }

  std::string next() {
    static const char* stop[] = {"the", "a", "of", "to", "and", "in", "is", "for", "what", "how", "we", "our",
                                 "do", "you", "with", "on", "that", "it", "be", "are"};
    std::uniform_int_distribution<std::size_t> topic(0, topics_.size() - 1);
    std::uniform_int_distribution<int> length(6, 18);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const auto& t = topics_[topic(rng_)];
    std::string s;
    for (int i = length(rng_); i > 0; --i) {
      const double r = u(rng_);
      std::string_view w;
      if (r < 0.45) {
        w = vocabulary_[t[static_cast<std::size_t>(u(rng_) * static_cast<double>(t.size()))]];
      } else if (r < 0.75) {
        const auto it = std::lower_bound(cumulative_.begin(), cumulative_.end(), u(rng_));
        w = vocabulary_[std::min<std::size_t>(static_cast<std::size_t>(it - cumulative_.begin()), vocabulary_.size() - 1)];
      } else {
        w = stop[static_cast<std::size_t>(u(rng_) * static_cast<double>(std::size(stop)))];
      }
      if (!s.empty()) s += ' ';
      s += w;
    }
    s += '?';
    return s;
  }

 private:
  std::mt19937_64 rng_;
  std::vector<std::string> vocabulary_;
  std::vector<double> cumulative_;
  std::vector<std::vector<std::size_t>> topics_;
};

std::vector<float> sentence_vectors(std::size_t n, int dim, unsigned seed, unsigned threads, double& embed_rate) {
  std::vector<float> out(n * static_cast<std::size_t>(dim));
  const std::size_t blocks = (n + 4095) / 4096;
  sq::memory::HashingEmbedder embedder(dim);
  const auto t0 = Clock::now();
  parallel_for(blocks, threads, [&](std::size_t b) {
    SentenceMaker maker(seed * 7919U + static_cast<unsigned>(b));
    for (std::size_t i = b * 4096; i < std::min(n, (b + 1) * 4096); ++i) {
      const auto v = embedder.embed(maker.next());
      std::copy(v.begin(), v.end(), out.begin() + static_cast<std::ptrdiff_t>(i * static_cast<std::size_t>(dim)));
    }
  });
  embed_rate = static_cast<double>(n) / seconds_since(t0);
  return out;
}

// ---- ground truth -------------------------------------------------------------

// The exact k nearest labels of each query, best first, and the k-th score.
struct Truth {
  std::vector<std::int64_t> labels;
  float kth_score = 0;
};

std::vector<Truth> brute_force(const std::vector<float>& data, std::size_t n, const std::vector<float>& queries,
                               std::size_t nq, int dim, std::size_t k, unsigned threads) {
  std::vector<Truth> truth(nq);
  parallel_for(nq, threads, [&](std::size_t q) {
    const float* qv = queries.data() + q * static_cast<std::size_t>(dim);
    std::vector<std::pair<float, std::int64_t>> best;  // min-heap by score via greater
    auto cmp = [](const auto& a, const auto& b) { return a.first > b.first; };
    for (std::size_t i = 0; i < n; ++i) {
      const float* v = data.data() + i * static_cast<std::size_t>(dim);
      // Eight independent sums so the compiler can use vector registers.
      float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
      int d = 0;
      for (; d + 8 <= dim; d += 8) {
        for (int j = 0; j < 8; ++j) acc[j] += qv[d + j] * v[d + j];
      }
      float s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
      for (; d < dim; ++d) s += qv[d] * v[d];
      if (best.size() < k) {
        best.emplace_back(s, static_cast<std::int64_t>(i + 1));
        std::push_heap(best.begin(), best.end(), cmp);
      } else if (s > best.front().first) {
        std::pop_heap(best.begin(), best.end(), cmp);
        best.back() = {s, static_cast<std::int64_t>(i + 1)};
        std::push_heap(best.begin(), best.end(), cmp);
      }
    }
    std::sort(best.begin(), best.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [s, label] : best) truth[q].labels.push_back(label);  // best first
    truth[q].kth_score = best.empty() ? 0.0f : best.back().first;
  });
  return truth;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto idx = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1;
  return v[std::min(idx, v.size() - 1)];
}

// ---- one run -------------------------------------------------------------------

void run(const Options& o, const std::string& dataset, std::size_t n) {
  const int dim = o.dim;
  const unsigned threads = o.threads != 0 ? o.threads : std::max(1U, std::thread::hardware_concurrency());
  const std::size_t extra = 2000;  // inserted one by one after the build
  const std::size_t total = n + o.queries + extra;

  double embed_rate = 0;
  const auto tg = Clock::now();
  std::vector<float> all = dataset == "random" ? random_vectors(total, dim, o.seed, threads)
                                               : sentence_vectors(total, dim, o.seed, threads, embed_rate);
  const double gen_s = seconds_since(tg);
  std::vector<float> data(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n * static_cast<std::size_t>(dim)));
  std::vector<float> queries(all.begin() + static_cast<std::ptrdiff_t>(n * static_cast<std::size_t>(dim)),
                             all.begin() + static_cast<std::ptrdiff_t>((n + o.queries) * static_cast<std::size_t>(dim)));
  std::vector<float> more(all.begin() + static_cast<std::ptrdiff_t>((n + o.queries) * static_cast<std::size_t>(dim)), all.end());
  all.clear();
  all.shrink_to_fit();

  std::printf("\n## %s, n=%zu, dim=%d, M=%zu, ef_construction=%zu, threads=%u\n", dataset.c_str(), n, dim, o.params.M,
              o.params.ef_construction, threads);
  if (dataset == "sentences") {
    std::printf("data: %.1f s to make (embedding %.0f sentences/s on %u threads)\n", gen_s, embed_rate, threads);
  } else {
    std::printf("data: %.1f s to make\n", gen_s);
  }
  const auto [rss0, hwm0] = memory_mib();

  // Build.
  auto index = std::make_unique<VectorIndex>(dim, o.params, n + extra);  // as after a rebuild: headroom
  std::vector<std::int64_t> labels(n);
  for (std::size_t i = 0; i < n; ++i) labels[i] = static_cast<std::int64_t>(i + 1);
  const auto tb = Clock::now();
  index->add_batch(labels, data.data(), threads);
  const double build_s = seconds_since(tb);
  std::printf("build: %.1f s, %.0f vectors/s (add_batch, %u threads)\n", build_s, static_cast<double>(n) / build_s, threads);

  const auto ta = Clock::now();
  for (std::size_t i = 0; i < extra; ++i) index->add(static_cast<std::int64_t>(n + 1 + i), more.data() + i * static_cast<std::size_t>(dim));
  const double add_s = seconds_since(ta);
  std::printf("insert: %.0f vectors/s (add, one thread, into the built index)\n", static_cast<double>(extra) / add_s);
  // Keep the ground truth honest: the extra vectors are part of the index now.
  data.insert(data.end(), more.begin(), more.end());
  const std::size_t indexed = n + extra;

  const auto tt = Clock::now();
  const auto truth = brute_force(data, indexed, queries, o.queries, dim, o.k, threads);
  std::printf("brute force: %.1f s for %zu queries\n", seconds_since(tt), o.queries);
  const auto [rss1, hwm1] = memory_mib();
  std::printf("memory: VmRSS %.0f MiB (data alone %.0f MiB), VmHWM %.0f MiB\n", rss1, rss0, hwm1);

  std::printf("| dataset | n | ef_search | recall@%zu | p50 ms | p99 ms |\n|---|---|---|---|---|---|\n", o.k);
  std::vector<std::size_t> sweep = o.ef_sweep.empty() ? std::vector<std::size_t>{o.params.ef_search} : o.ef_sweep;
  for (std::size_t ef : sweep) {
    // Warm up, then time each query on its own.
    for (std::size_t q = 0; q < std::min<std::size_t>(o.queries, 20); ++q) {
      index->search(queries.data() + q * static_cast<std::size_t>(dim), o.k, ef);
    }
    std::vector<double> ms;
    double found = 0;
    for (std::size_t q = 0; q < o.queries; ++q) {
      const auto t0 = Clock::now();
      const auto hits = index->search(queries.data() + q * static_cast<std::size_t>(dim), o.k, ef);
      ms.push_back(seconds_since(t0) * 1000.0);
      // A hit counts if it is one of the true k, or ties with the k-th (equal
      // scores make "the" k nearest ambiguous; 1e-6 is float rounding, no more).
      const std::set<std::int64_t> want(truth[q].labels.begin(), truth[q].labels.end());
      for (const auto& h : hits) {
        found += (want.count(h.label) != 0 || h.score >= truth[q].kth_score - 1e-6f) ? 1.0 : 0.0;
      }
    }
    std::printf("| %s | %zu | %zu | %.4f | %.3f | %.3f |\n", dataset.c_str(), n, ef,
                found / static_cast<double>(o.queries * o.k), percentile(ms, 0.50), percentile(ms, 0.99));
  }

  // Save, drop, load.
  const std::string path = o.dir + "/index_bench-" + std::to_string(::getpid()) + ".hnsw";
  const auto ts = Clock::now();
  index->save(path, {"bench/" + std::to_string(dim), dim, static_cast<std::int64_t>(indexed), 0, 0});
  const double save_s = seconds_since(ts);
  const auto bytes = std::filesystem::file_size(path);
  index.reset();
  const auto [rss2, hwm2] = memory_mib();
  const auto tl = Clock::now();
  auto loaded = VectorIndex::load(path, o.params);
  const double load_s = seconds_since(tl);
  if (loaded.error != sq::memory::LoadError::none) {
    std::printf("load FAILED: %s\n", loaded.message.c_str());
  } else {
    const auto [rss3, hwm3] = memory_mib();
    const auto hits = loaded.index->search(queries.data(), o.k);
    std::printf("save: %.2f s (%.0f MiB, with fsync); load: %.2f s (verified, %zu vectors, first query %s)\n", save_s,
                static_cast<double>(bytes) / (1 << 20), load_s, loaded.index->size(),
                !hits.empty() && hits[0].label == truth[0].labels[0] ? "ok" : "differs");
    std::printf("memory after load: VmRSS %.0f MiB (before load %.0f MiB), VmHWM %.0f MiB\n", rss3, rss2, hwm3);
  }
  std::filesystem::remove(path);
  std::fflush(stdout);
}

// Loads `path` `runs` times, each in a new child process (a process's first
// load pays for fresh memory; later ones reuse freed heap), and prints the
// times and their median. The file is read from the page cache after the
// first run; the first is printed but also counted.
int time_loads(const std::string& path, std::size_t runs) {
  std::vector<double> times;
  for (std::size_t r = 0; r < runs; ++r) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) return 1;
    const pid_t pid = ::fork();
    if (pid < 0) return 1;
    if (pid == 0) {
      ::close(pipe_fds[0]);
      const auto t = Clock::now();
      auto loaded = VectorIndex::load(path);
      double elapsed = seconds_since(t);
      if (loaded.error != sq::memory::LoadError::none) {
        std::fprintf(stderr, "load failed: %s\n", loaded.message.c_str());
        elapsed = -1;
      } else {
        const auto [rss, hwm] = memory_mib();
        std::printf("load %zu: %.3f s, %zu vectors, VmRSS %.0f MiB\n", r + 1, elapsed, loaded.index->size(), rss);
        std::fflush(stdout);
      }
      if (::write(pipe_fds[1], &elapsed, sizeof elapsed) != sizeof elapsed) ::_exit(1);
      ::_exit(elapsed < 0 ? 1 : 0);
    }
    ::close(pipe_fds[1]);
    double elapsed = -1;
    const bool got = ::read(pipe_fds[0], &elapsed, sizeof elapsed) == sizeof elapsed;
    ::close(pipe_fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!got || elapsed < 0) return 1;
    times.push_back(elapsed);
  }
  std::sort(times.begin(), times.end());
  const std::size_t n = times.size();
  const double median = n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
  std::printf("load: median %.3f s over %zu runs (min %.3f, max %.3f)\n", median, n, times.front(), times.back());
  return 0;
}

[[noreturn]] void usage(int code) {
  std::fprintf(code == 0 ? stdout : stderr,
               "usage: index_bench [--sizes N,N,...] [--datasets random,sentences] [--queries Q] [--k K]\n"
               "                   [--M M] [--ef-construction E] [--ef-search E] [--ef-sweep E,E,...]\n"
               "                   [--threads T] [--dir DIR] [--seed S] [--no-fork]\n"
               "       index_bench --load FILE [--runs R]\n");
  std::exit(code);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      auto value = [&]() -> std::string {
        if (i + 1 >= argc) usage(2);
        return argv[++i];
      };
      if (a == "--sizes") o.sizes = split_sizes(value());
      else if (a == "--datasets") o.datasets = split(value());
      else if (a == "--queries") o.queries = std::stoull(value());
      else if (a == "--k") o.k = std::stoull(value());
      else if (a == "--M") o.params.M = std::stoull(value());
      else if (a == "--ef-construction") o.params.ef_construction = std::stoull(value());
      else if (a == "--ef-search") o.params.ef_search = std::stoull(value());
      else if (a == "--ef-sweep") o.ef_sweep = split_sizes(value());
      else if (a == "--threads") o.threads = static_cast<unsigned>(std::stoul(value()));
      else if (a == "--dir") o.dir = value();
      else if (a == "--seed") o.seed = static_cast<unsigned>(std::stoul(value()));
      else if (a == "--no-fork") o.fork_runs = false;
      else if (a == "--load") o.load_file = value();
      else if (a == "--runs") o.load_runs = std::stoull(value());
      else if (a == "--help" || a == "-h") usage(0);
      else usage(2);
    }
  } catch (const std::exception&) {
    usage(2);
  }
  for (const auto& d : o.datasets) {
    if (d != "random" && d != "sentences") usage(2);
  }
  if (o.queries == 0 || o.k == 0 || o.load_runs == 0) usage(2);
  if (!o.load_file.empty()) return time_loads(o.load_file, o.load_runs);

  std::printf("# index_bench: dim %d, M %zu, ef_construction %zu, ef_search %zu, k %zu, %zu queries\n", o.dim,
              o.params.M, o.params.ef_construction, o.params.ef_search, o.k, o.queries);
  std::fflush(stdout);
  int failures = 0;
  for (const auto& dataset : o.datasets) {
    for (std::size_t n : o.sizes) {
      if (!o.fork_runs) {
        run(o, dataset, n);
        continue;
      }
      const pid_t pid = ::fork();
      if (pid < 0) {
        std::perror("fork");
        return 1;
      }
      if (pid == 0) {
        try {
          run(o, dataset, n);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "run failed: %s\n", e.what());
          std::fflush(nullptr);
          ::_exit(1);
        }
        std::fflush(nullptr);
        ::_exit(0);
      }
      int status = 0;
      ::waitpid(pid, &status, 0);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}
