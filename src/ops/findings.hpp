// What a health check found: one line per aspect checked, how serious it is,
// and the command that fixes it. Shared by `doctor` and `check`.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sq::ops {

enum class Severity { ok, info, problem };

struct Finding {
  std::string check;    // short identifier, e.g. "integrity", "index"
  Severity severity = Severity::ok;
  std::string message;  // a sentence a person can read
  std::string fix;      // the command (or step) that fixes it; empty when nothing to do
};

class Findings {
 public:
  void ok(std::string check, std::string message);
  void info(std::string check, std::string message);
  void problem(std::string check, std::string message, std::string fix);
  void add(Finding f) { items_.push_back(std::move(f)); }

  const std::vector<Finding>& items() const { return items_; }
  int problems() const;
  bool healthy() const { return problems() == 0; }

  // {"healthy", "problems", "findings": [{"check", "severity", "message", "fix"?}]}
  nlohmann::json to_json() const;
  // One line per finding ("ok", "info" or "PROBLEM"), fixes indented below.
  std::string to_text() const;

 private:
  std::vector<Finding> items_;
};

const char* severity_name(Severity s);

}  // namespace sq::ops
