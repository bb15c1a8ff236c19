// Health check findings: see findings.hpp.
#include "ops/findings.hpp"

#include <fmt/format.h>

namespace sq::ops {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::ok: return "ok";
    case Severity::info: return "info";
    case Severity::problem: return "problem";
  }
  return "problem";
}

void Findings::ok(std::string check, std::string message) {
  items_.push_back({std::move(check), Severity::ok, std::move(message), {}});
}

void Findings::info(std::string check, std::string message) {
  items_.push_back({std::move(check), Severity::info, std::move(message), {}});
}

void Findings::problem(std::string check, std::string message, std::string fix) {
  items_.push_back({std::move(check), Severity::problem, std::move(message), std::move(fix)});
}

int Findings::problems() const {
  int n = 0;
  for (const auto& f : items_) n += f.severity == Severity::problem;
  return n;
}

nlohmann::json Findings::to_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& f : items_) {
    nlohmann::json j = {{"check", f.check}, {"severity", severity_name(f.severity)}, {"message", f.message}};
    if (!f.fix.empty()) j["fix"] = f.fix;
    list.push_back(std::move(j));
  }
  return {{"healthy", healthy()}, {"problems", problems()}, {"findings", std::move(list)}};
}

std::string Findings::to_text() const {
  std::string out;
  for (const auto& f : items_) {
    const char* tag = f.severity == Severity::problem ? "PROBLEM" : severity_name(f.severity);
    out += fmt::format("{:<8} {:<12} {}\n", tag, f.check, f.message);
    if (!f.fix.empty()) out += fmt::format("{:<8} {:<12} fix: {}\n", "", "", f.fix);
  }
  const int n = problems();
  out += n == 0 ? std::string("No problems found.\n")
                : fmt::format("{} problem{} found.\n", n, n == 1 ? "" : "s");
  return out;
}

}  // namespace sq::ops
