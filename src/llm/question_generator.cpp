// Questions from a chat model: see question_generator.hpp.
#include "llm/question_generator.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <fmt/format.h>

#include "util/text.hpp"

namespace sq::llm {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxContextChars = 8000;
constexpr std::size_t kMaxItemChars = 600;
constexpr std::size_t kMaxListed = 40;  // most recent questions / answers shown
constexpr std::size_t kMaxQuestionChars = 600;

std::string clip(std::string_view text, std::size_t max) {
  const std::string_view s = util::trim(text);
  if (s.size() <= max) return std::string(s);
  return std::string(util::utf8_prefix(s, max)) + "...";
}

// One line, single spaces, numbering and bullets removed.
std::string clean_question(std::string_view raw) {
  std::string s;
  bool space = false;
  for (const char ch : raw) {
    if (std::isspace(static_cast<unsigned char>(ch))) {
      space = !s.empty();
      continue;
    }
    if (space) s += ' ';
    space = false;
    s += ch;
  }
  std::size_t i = 0;
  if (i < s.size() && (s[i] == 'Q' || s[i] == 'q') && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) ++i;
  const std::size_t digits_start = i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i > digits_start && i < s.size() && (s[i] == '.' || s[i] == ')' || s[i] == ':') && i + 1 < s.size() && s[i + 1] == ' ') {
    s = s.substr(i + 2);
  } else if (s.size() > 2 && (s[0] == '-' || s[0] == '*') && s[1] == ' ') {
    s = s.substr(2);
  }
  return s;
}

const json* field(const json& obj, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (auto it = obj.find(n); it != obj.end() && it->is_string()) return &*it;
  }
  return nullptr;
}

std::optional<bool> as_bool(const json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) {
    const auto s = v.get<std::string>();
    if (s == "true" || s == "yes") return true;
    if (s == "false" || s == "no") return false;
  }
  return std::nullopt;
}

std::optional<int> as_count(const json& v) {
  long long n = -1;
  if (v.is_number_integer()) n = v.get<long long>();
  else if (v.is_number_float() && v.get<double>() >= 0 && v.get<double>() < 1e6) n = static_cast<long long>(v.get<double>());
  else if (v.is_string()) {
    const auto s = v.get<std::string>();
    char* end = nullptr;
    n = std::strtoll(s.c_str(), &end, 10);
    if (end == s.c_str() || *end != '\0') n = -1;
  }
  if (n < 0 || n > 1000) return std::nullopt;
  return static_cast<int>(n);
}

// The JSON in a reply: the whole text, else without code fences, else the
// span from the first opening bracket to the last closing one.
json extract_json(std::string_view reply) {
  std::string text(util::trim(reply));
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  auto j = json::parse(text, nullptr, false);
  if (!j.is_discarded()) return j;
  if (text.rfind("```", 0) == 0) {
    const auto nl = text.find('\n');
    const auto close = text.rfind("```");
    if (nl != std::string::npos && close != std::string::npos && close > nl) {
      j = json::parse(text.substr(nl + 1, close - nl - 1), nullptr, false);
      if (!j.is_discarded()) return j;
    }
  }
  const auto open = text.find_first_of("{[");
  const auto close = text.find_last_of("}]");
  if (open != std::string::npos && close != std::string::npos && close > open) {
    j = json::parse(text.substr(open, close - open + 1), nullptr, false);
    if (!j.is_discarded()) return j;
  }
  throw LlmError(LlmError::Kind::malformed, "malformed output: the reply holds no JSON");
}

}  // namespace

questioning::GeneratedBatch parse_question_batch(std::string_view reply, int max_questions) {
  json j = extract_json(reply);
  // Unwrap {"batch": {...}}, {"response": "{...}"} and the like.
  for (int depth = 0; depth < 3 && j.is_object() && !j.contains("questions"); ++depth) {
    if (j.size() != 1) break;
    json inner = j.begin().value();
    if (inner.is_string()) inner = json::parse(inner.get<std::string>(), nullptr, false);
    if (!inner.is_object() && !inner.is_array()) break;
    j = std::move(inner);
  }
  const json* list = nullptr;
  if (j.is_array()) {
    list = &j;
  } else if (j.is_object()) {
    if (auto it = j.find("questions"); it != j.end()) {
      if (it->is_string()) *it = json::parse(it->get<std::string>(), nullptr, false);
      if (it->is_array()) list = &*it;
    }
  }
  if (list == nullptr) throw LlmError(LlmError::Kind::malformed, "malformed output: no \"questions\" list in the reply");

  questioning::GeneratedBatch batch;
  for (const auto& item : *list) {
    if (static_cast<int>(batch.questions.size()) >= std::max(1, max_questions)) break;
    questioning::PlannedQuestion q;
    if (item.is_string()) {
      q.text = item.get<std::string>();
    } else if (item.is_object()) {
      if (const json* t = field(item, {"question", "question_text", "text"})) q.text = t->get<std::string>();
      if (const json* w = field(item, {"importance", "why_it_matters", "why", "rationale"})) q.importance = w->get<std::string>();
      if (const json* l = field(item, {"information_to_look_for", "what_to_look_for", "look_for"})) {
        q.information_to_look_for = l->get<std::string>();
      }
    }
    q.text = clean_question(q.text);
    if (q.text.empty() || q.text.size() > kMaxQuestionChars) continue;
    q.importance = clip(q.importance, kMaxItemChars);
    q.information_to_look_for = clip(q.information_to_look_for, kMaxItemChars);
    q.facet_id = "llm";
    batch.questions.push_back(std::move(q));
  }
  if (batch.questions.empty()) throw LlmError(LlmError::Kind::malformed, "malformed output: no usable question in the reply");
  if (j.is_object()) {
    if (auto it = j.find("next_batch_needed"); it != j.end()) batch.next_batch_needed = as_bool(*it);
    if (auto it = j.find("total_questions_estimated"); it != j.end()) batch.total_questions_estimated = as_count(*it);
  }
  return batch;
}

json question_prompt(const questioning::PlanRequest& request, const std::vector<std::string>& recalled) {
  const int n = std::clamp(request.batch_size, 1, 10);
  const std::string system = fmt::format(
      "You help an assistant gather information from a person through short, numbered batches of questions. "
      "Write the next batch: at most {} questions. Each question asks one thing, fits the person's situation and "
      "what they already answered, and never repeats or rephrases a question already asked. "
      "Reply with a single JSON object and nothing else, in this form: "
      "{{\"questions\": [{{\"question\": \"...\", \"importance\": \"why the answer matters\", "
      "\"information_to_look_for\": \"what a useful answer contains\"}}], "
      "\"next_batch_needed\": true, \"total_questions_estimated\": 12}}. "
      "Set next_batch_needed to false when the answers already cover what is needed; "
      "total_questions_estimated counts every question of the whole conversation, asked or still to ask.",
      n);

  std::string user = "What the conversation is about:\n";
  user += request.context.empty() ? "(not stated)" : clip(request.context, kMaxContextChars);
  user += "\n";
  if (!request.asked.empty()) {
    user += "\nQuestions already asked:\n";
    const std::size_t from = request.asked.size() > kMaxListed ? request.asked.size() - kMaxListed : 0;
    for (std::size_t i = from; i < request.asked.size(); ++i) {
      user += fmt::format("{}. {}\n", request.asked[i].number, clip(request.asked[i].text, kMaxItemChars));
    }
  }
  if (!request.answers.empty()) {
    user += "\nAnswers so far:\n";
    const std::size_t from = request.answers.size() > kMaxListed ? request.answers.size() - kMaxListed : 0;
    for (std::size_t i = from; i < request.answers.size(); ++i) {
      const auto& a = request.answers[i];
      if (a.question_number) user += fmt::format("- to question {}: {}\n", *a.question_number, clip(a.text, kMaxItemChars));
      else user += fmt::format("- {}\n", clip(a.text, kMaxItemChars));
    }
  }
  if (!recalled.empty()) {
    user += "\nWhat the person said in earlier conversations that may bear on this:\n";
    for (const auto& r : recalled) user += fmt::format("- {}\n", clip(r, kMaxItemChars));
  }
  user += fmt::format("\nWrite the next batch of at most {} question{}.", n, n == 1 ? "" : "s");
  return json::array({{{"role", "system"}, {"content", system}}, {{"role", "user"}, {"content", user}}});
}

LlmQuestionGenerator::LlmQuestionGenerator(std::shared_ptr<Client> client) : client_(std::move(client)) {}

std::string LlmQuestionGenerator::model() const { return client_->config().chat_model; }

questioning::GeneratedBatch LlmQuestionGenerator::generate(const questioning::PlanRequest& request,
                                                           const std::vector<std::string>& recalled,
                                                           const std::function<bool()>& cancelled) {
  const std::string reply = client_->chat(question_prompt(request, recalled), true, cancelled);
  return parse_question_batch(reply, std::clamp(request.batch_size, 1, 10));
}

}  // namespace sq::llm
