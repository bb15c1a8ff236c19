// Roles of details: see detail_roles.hpp.
#include "questioning/detail_roles.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "util/text.hpp"

namespace sq::questioning {

namespace {

// A word of the text as written, and lower-cased.
struct Word {
  std::string text;
  std::string lower;
};

bool word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) != 0 || u >= 0x80 || c == '\'' || c == '-' || c == '.';
}

std::vector<Word> split(std::string_view text) {
  std::vector<Word> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !word_byte(text[i])) ++i;
    std::size_t j = i;
    while (j < text.size() && word_byte(text[j])) ++j;
    std::string w(text.substr(i, j - i));
    while (!w.empty() && (w.back() == '.' || w.back() == '-' || w.back() == '\'')) w.pop_back();
    if (!w.empty()) out.push_back({w, util::ascii_lower(w)});
    i = j;
  }
  return out;
}

bool one_of(std::string_view w, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

bool is_number(std::string_view w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == ','; });
}

bool is_dose_unit(std::string_view w) { return one_of(w, {"mg", "mcg", "µg", "ug", "ml", "g", "iu", "units", "milligrams"}); }

// "500mg" -> true
bool is_number_with_unit(std::string_view w) {
  std::size_t digits = 0;
  while (digits < w.size() && (std::isdigit(static_cast<unsigned char>(w[digits])) || w[digits] == '.')) ++digits;
  return digits > 0 && digits < w.size() && is_dose_unit(w.substr(digits));
}

bool is_common_word(std::string_view w) {
  return one_of(w, {"take", "takes", "taking", "took", "on", "of", "and", "the", "a", "about", "with", "plus", "also",
                    "i", "daily", "dose", "now", "then", "was", "is", "to", "from"});
}

void remove_matching(std::vector<Detail>& details, std::string_view lower) {
  std::erase_if(details, [&](const Detail& d) {
    const auto l = util::ascii_lower(d.text);
    return l == lower || (!l.empty() && lower.find(l) != std::string_view::npos && d.kind != TermKind::medication &&
                          d.kind != TermKind::person && d.kind != TermKind::rate);
  });
}

// "metformin 500 mg", "sertraline 50mg": a word, a number and a dose unit.
void find_medications(const std::vector<Word>& words, std::vector<Detail>& details) {
  std::vector<Detail> found;
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    const auto& name = words[i];
    if (name.lower.size() < 4 || is_common_word(name.lower) || is_number(name.lower)) continue;
    std::string dose;
    if (is_number_with_unit(words[i + 1].lower)) {
      dose = words[i + 1].text;
    } else if (i + 2 < words.size() && is_number(words[i + 1].lower) && is_dose_unit(words[i + 2].lower)) {
      dose = words[i + 1].text + " " + words[i + 2].text;
    }
    if (dose.empty()) continue;
    found.push_back({TermKind::medication, name.text + " " + dose});
  }
  if (found.empty()) return;
  for (const auto& f : found) remove_matching(details, util::ascii_lower(f.text));
  // "twice a day" belongs to the dose, not to the plan's timeline.
  std::erase_if(details, [](const Detail& d) {
    return d.kind == TermKind::duration && one_of(util::ascii_lower(d.text), {"a day", "a week", "day", "each day"});
  });
  details.insert(details.begin(), found.begin(), found.end());
}

bool mentions_debt(const std::string& lower) {
  for (const auto cue : {"owe", "owes", "owed", "owing", "unpaid", "pay me back", "paid me back", "hasn't paid",
                         "has not paid", "never paid", "not paid", "won't pay", "refuses to pay", "withheld",
                         "withholding", "refund", "deposit back", "kept my deposit", "keep my deposit", "keeping my deposit",
                         "still waiting for", "invoice"}) {
    if (lower.find(cue) != std::string::npos) return true;
  }
  return false;
}

// "300 requests per second", "40 orders a minute"
void find_rates(std::string_view text, std::vector<Detail>& details) {
  const std::string lower = util::ascii_lower(text);
  for (auto& d : details) {
    if (d.kind != TermKind::quantity && d.kind != TermKind::money) continue;
    const auto at = lower.find(util::ascii_lower(d.text));
    if (at == std::string::npos) continue;
    const std::string_view rest = std::string_view(lower).substr(at + d.text.size());
    for (const auto per : {" per second", " per minute", " per hour", " per day", " per week", " per month",
                           " a second", " a minute", " an hour", " per sec", "/s", "/sec", "/min", " rps", " qps"}) {
      if (rest.starts_with(per)) {
        d.kind = TermKind::rate;
        d.text = std::string(text.substr(at, d.text.size() + std::string_view(per).size()));
        break;
      }
    }
  }
}

// "my partner Anna", "our daughter", "my boss, Tom"
void find_people(const std::vector<Word>& words, std::vector<Detail>& details) {
  std::vector<Detail> found;
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (!one_of(words[i].lower, {"my", "our"})) continue;
    const auto& rel = words[i + 1].lower;
    if (!one_of(rel, {"partner", "wife", "husband", "girlfriend", "boyfriend", "fiancé", "fiancee", "fiance", "son",
                      "daughter", "mother", "father", "mum", "mom", "dad", "sister", "brother", "boss", "manager",
                      "colleague", "friend", "neighbour", "neighbor", "landlord", "landlady", "grandmother",
                      "grandfather", "aunt", "uncle", "cousin", "flatmate", "roommate", "cofounder", "co-founder",
                      "teacher", "doctor", "kids", "children", "parents", "team"})) {
      continue;
    }
    std::string person = "your " + words[i + 1].text;
    if (i + 2 < words.size()) {
      const auto& name = words[i + 2].text;
      const bool capital = !name.empty() && std::isupper(static_cast<unsigned char>(name[0])) != 0;
      if (capital && !one_of(words[i + 2].lower, {"i", "and", "is", "has", "who", "will", "would"})) {
        person += " " + name;
        remove_matching(details, words[i + 2].lower);
      }
    }
    if (std::none_of(found.begin(), found.end(), [&](const Detail& d) { return d.text == person; })) {
      found.push_back({TermKind::person, person});
    }
  }
  details.insert(details.end(), found.begin(), found.end());
}

}  // namespace

std::vector<Detail> assign_roles(std::string_view text, std::vector<Detail> details) {
  const auto words = split(text);
  find_medications(words, details);
  find_rates(text, details);
  if (mentions_debt(util::ascii_lower(text))) {
    for (auto& d : details) {
      if (d.kind == TermKind::money) d.kind = TermKind::owed;
    }
  }
  find_people(words, details);
  return details;
}

}  // namespace sq::questioning
