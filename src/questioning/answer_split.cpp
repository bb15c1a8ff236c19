// Splitting a reply into numbered answers: see answer_split.hpp.
#include "questioning/answer_split.hpp"

#include <algorithm>
#include <set>

#include "questioning/lexicon.hpp"
#include "util/text.hpp"

namespace sq::questioning {

namespace {

using lexicon::is_alpha;
using lexicon::is_digit;
using lexicon::is_space;

// Lines of a message; "\r\n", "\n" and a lone "\r" all end a line.
std::vector<std::string_view> split_lines(std::string_view message) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] != '\n' && message[i] != '\r') continue;
    lines.push_back(message.substr(start, i - start));
    if (message[i] == '\r' && i + 1 < message.size() && message[i + 1] == '\n') ++i;
    start = i + 1;
  }
  lines.push_back(message.substr(start));
  return lines;
}

// Reads an answer marker at the start of one line.
class MarkerReader {
 public:
  explicit MarkerReader(std::string_view line) : s_(line) {}

  struct Marker {
    int number = 0;
    std::size_t text_start = 0;  // where the answer text begins in the line
  };

  std::optional<Marker> read() {
    skip_spaces();
    take_emphasis();
    const auto label = read_label();
    if (!label) return std::nullopt;
    take_emphasis();
    const bool has_separator = take_separator();
    if (label->separator_required && !has_separator) return std::nullopt;
    take_emphasis();
    if (i_ < s_.size() && !is_space(s_[i_])) return std::nullopt;
    skip_spaces();
    return Marker{label->number, i_};
  }

 private:
  struct Label {
    int number = 0;
    bool separator_required = false;
  };

  std::optional<Label> read_label() {
    if (take('(')) {
      const auto n = take_number();
      if (!n || !take(')')) return std::nullopt;
      return Label{*n, false};
    }
    if (take('#')) {
      const auto n = take_number();
      if (!n) return std::nullopt;
      return Label{*n, false};
    }
    if (take_word("answer")) {
      skip_spaces();
      if (take_word("to")) skip_spaces();
      if (!take('#')) take_letter('q');
      const auto n = take_number();
      if (!n) return std::nullopt;
      return Label{*n, false};
    }
    if (take_letter('q') || take_letter('a')) {
      const auto n = take_number();
      if (!n) return std::nullopt;
      return Label{*n, true};
    }
    const auto n = take_number();
    if (!n) return std::nullopt;
    return Label{*n, true};
  }

  // ':' '.' ')' or a dash, optionally after spaces.
  bool take_separator() {
    const std::size_t saved = i_;
    skip_spaces();
    if (take(':') || take('.') || take(')') || take_dash()) return true;
    i_ = saved;
    return false;
  }

  bool take_dash() {
    if (take('-')) return true;
    for (const std::string_view dash : {std::string_view("\xE2\x80\x93"), std::string_view("\xE2\x80\x94")}) {
      if (s_.substr(i_, dash.size()) == dash) {
        i_ += dash.size();
        return true;
      }
    }
    return false;
  }

  // One to three digits not followed by another digit; zero is no number.
  std::optional<int> take_number() {
    std::size_t k = i_;
    int value = 0;
    while (k < s_.size() && is_digit(s_[k]) && k - i_ < 4) value = value * 10 + (s_[k++] - '0');
    const std::size_t digits = k - i_;
    if (digits == 0 || digits > 3 || value == 0) return std::nullopt;
    i_ = k;
    return value;
  }

  bool take_emphasis() {
    if (s_.substr(i_, 2) == "**" || s_.substr(i_, 2) == "__") {
      i_ += 2;
      return true;
    }
    return false;
  }

  bool take(char c) {
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }

  // A single letter (either case) that must be followed by a digit.
  bool take_letter(char lower) {
    if (i_ + 1 < s_.size() && (s_[i_] | 0x20) == lower && is_digit(s_[i_ + 1])) {
      ++i_;
      return true;
    }
    return false;
  }

  // A whole word, case-insensitive.
  bool take_word(std::string_view lower) {
    if (util::ascii_lower(s_.substr(i_, lower.size())) != lower) return false;
    const std::size_t end = i_ + lower.size();
    if (end < s_.size() && is_alpha(s_[end])) return false;
    i_ = end;
    return true;
  }

  void skip_spaces() {
    while (i_ < s_.size() && is_space(s_[i_])) ++i_;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

// Collects the lines of one answer and turns them into a trimmed part.
struct PartBuilder {
  std::optional<int> number;
  std::string text;
  bool started = false;

  void add_line(std::string_view line) {
    if (started) text += '\n';
    text.append(line);
    started = true;
  }

  void flush_into(std::vector<AnswerPart>& parts) {
    const auto trimmed = util::trim(text);
    if (!trimmed.empty()) parts.push_back({number, std::string(trimmed)});
    *this = PartBuilder{};
  }
};

}  // namespace


std::vector<AnswerPart> parse_answers(std::string_view message, const std::vector<int>& known_numbers) {
  const std::set<int> known(known_numbers.begin(), known_numbers.end());
  std::set<int> seen;
  std::vector<AnswerPart> parts;
  PartBuilder current;
  for (const auto line : split_lines(message)) {
    const auto marker = MarkerReader(line).read();
    const bool counts = marker && (known.empty() || known.count(marker->number) != 0) &&
                        seen.count(marker->number) == 0;
    if (!counts) {
      current.add_line(line);
      continue;
    }
    current.flush_into(parts);
    seen.insert(marker->number);
    current.number = marker->number;
    current.add_line(line.substr(marker->text_start));
  }
  current.flush_into(parts);
  return parts;
}

}  // namespace sq::questioning
