// How long the built-in planner takes to plan one batch, on the question-quality
// scenarios (bench/quality/scenarios/*.json): each scenario is played as the
// server plays it (the request, then each round of answers with the questions
// asked so far), and every plan_batch call is timed. Prints the median, p90 and
// p99 per call, for first batches and later ones, over several passes. A
// measurement, not a test; it asserts nothing.
//
//   ninja -C <builddir> bench/planner_bench
//   <builddir>/bench/planner_bench [--passes N] SCENARIOS.json...
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "questioning/planner.hpp"

namespace {

using sq::questioning::Plan;
using sq::questioning::PlanRequest;

struct Scenario {
  std::string request;
  std::vector<std::vector<std::string>> rounds;
};

std::vector<Scenario> load(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "planner_bench: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  const auto doc = nlohmann::json::parse(in);
  std::vector<Scenario> out;
  for (const auto& s : doc) {
    Scenario sc;
    sc.request = s.at("request").get<std::string>();
    for (const auto& round : s.at("rounds")) sc.rounds.push_back(round.get<std::vector<std::string>>());
    out.push_back(std::move(sc));
  }
  return out;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto at = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(at, v.size() - 1)];
}

// One conversation; answers are sent as unnumbered text, as a free reply is.
void play(const Scenario& sc, std::vector<double>& first, std::vector<double>& later) {
  PlanRequest r;
  r.context = sc.request;
  int number = 0;
  for (std::size_t round = 0; round <= sc.rounds.size(); ++round) {
    r.batch_size = round == 0 ? 5 : 3;
    const auto start = std::chrono::steady_clock::now();
    const Plan plan = sq::questioning::plan_batch(r);
    const std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - start;
    (round == 0 ? first : later).push_back(took.count());
    for (const auto& q : plan.questions) r.asked.push_back({++number, q.text, q.facet_id});
    if (round < sc.rounds.size()) {
      for (const auto& a : sc.rounds[round]) r.answers.push_back({std::nullopt, a});
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  int passes = 20;
  std::vector<Scenario> scenarios;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--passes" && i + 1 < argc) {
      passes = std::max(1, std::atoi(argv[++i]));
    } else {
      for (auto& s : load(arg)) scenarios.push_back(std::move(s));
    }
  }
  if (scenarios.empty()) {
    std::fprintf(stderr, "usage: planner_bench [--passes N] SCENARIOS.json...\n");
    return 2;
  }
  std::vector<double> first;
  std::vector<double> later;
  for (const auto& sc : scenarios) play(sc, first, later);  // warm-up: static tables, caches
  first.clear();
  later.clear();
  for (int p = 0; p < passes; ++p) {
    for (const auto& sc : scenarios) play(sc, first, later);
  }
  std::printf("scenarios %zu, passes %d\n", scenarios.size(), passes);
  std::printf("%-14s %8s %10s %10s %10s\n", "batch", "calls", "p50 us", "p90 us", "p99 us");
  for (const auto& [name, v] : {std::pair{"first", &first}, std::pair{"later", &later}}) {
    std::printf("%-14s %8zu %10.1f %10.1f %10.1f\n", name, v->size(), percentile(*v, 0.5), percentile(*v, 0.9),
                percentile(*v, 0.99));
  }
  return 0;
}
