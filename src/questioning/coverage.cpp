// What a conversation has covered: see coverage.hpp.
#include "questioning/coverage.hpp"

#include <map>

#include "util/text.hpp"

namespace sq::questioning {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// White space runs made one space, ends trimmed.
std::string one_line(std::string_view text) {
  std::string out;
  for (const char c : util::trim(text)) {
    if (!is_space(c)) out += c;
    else if (!out.empty() && out.back() != ' ') out += ' ';
  }
  return out;
}

}  // namespace

std::string answer_summary(std::string_view answer, std::size_t max_chars) {
  return util::cut_at_word(one_line(answer), max_chars);
}

std::vector<AnsweredQuestion> answered_questions(const std::vector<storage::MessageRow>& messages) {
  std::map<int, std::string> own;       // question number -> its latest answer
  std::map<int, std::string> of_batch;  // batch -> the latest answer to the batch as a whole
  for (const auto& m : messages) {
    if (m.kind != "answer") continue;
    if (m.question_number) own[*m.question_number] = m.content;
    else of_batch[m.batch.value_or(0)] = m.content;
  }
  std::vector<AnsweredQuestion> out;
  for (const auto& m : messages) {
    if (m.kind != "question" || !m.question_number) continue;
    const std::string* answer = nullptr;
    if (auto it = own.find(*m.question_number); it != own.end()) answer = &it->second;
    else if (auto b = of_batch.find(m.batch.value_or(0)); b != of_batch.end()) answer = &b->second;
    if (answer == nullptr) continue;
    out.push_back({*m.question_number, m.facet.value_or(""), m.content, answer_summary(*answer)});
  }
  return out;
}

}  // namespace sq::questioning
