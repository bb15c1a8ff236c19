// Fuzz target: a person's message as answer text. The first bytes choose
// which question numbers were asked; the parser must only ever return those
// numbers (or none; with none asked, any number is a marker), and reading and extracting details must not crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "questioning/answer_parser.hpp"
#include "questioning/answer_split.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  std::vector<int> known;
  const int count = data[0] % 16;
  for (int i = 1; i <= count; ++i) known.push_back(i);
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  for (const auto& part : sq::questioning::parse_answers(text, known)) {
    if (count > 0 && part.question_number && (*part.question_number < 1 || *part.question_number > count)) std::abort();
  }
  (void)sq::questioning::read_answer(text);
  (void)sq::questioning::extract_details(text);
  (void)sq::questioning::answer_tone(text);
  return 0;
}
