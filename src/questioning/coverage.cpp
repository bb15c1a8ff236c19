// What a conversation has covered: see coverage.hpp.
#include "questioning/coverage.hpp"

#include <map>

#include "util/text.hpp"

namespace sq::questioning {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool continues_code_point(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

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
  std::string text = one_line(answer);
  std::size_t chars = 0;
  for (const char c : text) chars += continues_code_point(c) ? 0 : 1;
  if (chars <= max_chars || max_chars == 0) return text;

  // The byte offset after the first `max_chars - 1` characters, leaving room for "…".
  std::size_t end = 0;
  for (std::size_t seen = 0; end < text.size(); ++end) {
    if (!continues_code_point(text[end]) && seen++ == max_chars - 1) break;
  }
  std::size_t cut = end;
  if (end < text.size() && text[end] != ' ') {
    const auto space = text.rfind(' ', end);
    if (space != std::string::npos && space > 0) cut = space;  // else one long word: cut inside it
  }
  text.resize(cut);
  while (!text.empty() && (text.back() == ' ' || text.back() == ',' || text.back() == ';' || text.back() == ':')) {
    text.pop_back();
  }
  return text + "\u2026";
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
