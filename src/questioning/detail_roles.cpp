// Roles of details: see detail_roles.hpp.
#include "questioning/detail_roles.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <utility>
#include <string>

#include "questioning/lexicon.hpp"
#include "questioning/people_words.hpp"
#include "questioning/relation_phrase.hpp"
#include "questioning/tokens.hpp"
#include "util/text.hpp"

namespace sq::questioning {

namespace {

// A word of the text as written, and lower-cased.
struct Word {
  std::string text;
  std::string lower;
  bool opens_sentence = false;
};

// The text's words by the shared tokenizer, a slash or comma inside a chunk
// also separating them ("105/60", "5mg,10mg").
std::vector<Word> split(std::string_view text) {
  std::vector<Word> out;
  for (const auto& t : tokenize(text)) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= t.text.size(); ++i) {
      if (i < t.text.size() && t.text[i] != '/' && t.text[i] != ',') continue;
      std::string w(t.text.substr(start, i - start));
      while (!w.empty() && (w.back() == '.' || w.back() == '-' || w.back() == '\'')) w.pop_back();
      if (!w.empty()) out.push_back({w, util::ascii_lower(w), start == 0 && t.starts_sentence});
      start = i + 1;
    }
  }
  return out;
}

using lexicon::one_of;

bool is_number(std::string_view w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == ','; });
}

bool is_dose_unit(std::string_view w) { return one_of(w, {"mg", "mcg", "µg", "ug", "ml", "g", "iu", "units", "milligrams"}); }

// "500mg" -> {"500", "mg"}
std::pair<std::string_view, std::string_view> number_and_unit(std::string_view w) {
  std::size_t digits = 0;
  while (digits < w.size() && (std::isdigit(static_cast<unsigned char>(w[digits])) || w[digits] == '.')) ++digits;
  return {w.substr(0, digits), w.substr(digits)};
}

// "500mg" -> true
bool is_number_with_unit(std::string_view w) {
  const auto [number, unit] = number_and_unit(w);
  return !number.empty() && !unit.empty() && is_dose_unit(unit);
}

// A dose is at most a few grams or a spoonful of millilitres: "paracetamol
// 1g", "Calpol 5ml"; "375g" of anything is an ingredient or a weight.
bool plausible_dose(std::string_view number, std::string_view unit) {
  if (unit != "g" && unit != "ml") return true;
  double value = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (error != std::errc() || end != number.data() + number.size()) return false;
  return unit == "g" ? value <= 4 : value <= 30;
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
    // "500 g flour, 7 g yeast": the word already has its quantity before it,
    // and what follows is the next ingredient's.
    if (i > 0 && (is_dose_unit(words[i - 1].lower) || is_number_with_unit(words[i - 1].lower))) continue;
    if (one_of(name.lower, {"flour", "sugar", "salt", "yeast", "butter", "water", "milk", "oats", "rice", "pasta",
                            "protein", "fibre", "fiber", "carbs", "fat", "cheese", "chocolate", "starter"})) {
      continue;
    }
    // A test result ("ferritin 14 ug/L", "haemoglobin 121 g/L") is a reading, not a dose.
    if (one_of(name.lower, {"ferritin", "haemoglobin", "hemoglobin", "hb", "glucose", "cholesterol", "ldl", "hdl",
                            "triglycerides", "creatinine", "sodium", "potassium", "calcium", "iron", "b12", "folate",
                            "tsh", "crp", "hba1c", "albumin", "bilirubin", "platelets", "level", "levels", "is",
                            "was", "at"})) {
      continue;
    }
    std::string dose;
    if (is_number_with_unit(words[i + 1].lower)) {
      const auto [number, unit] = number_and_unit(words[i + 1].lower);
      if (plausible_dose(number, unit)) dose = words[i + 1].text;
    } else if (i + 2 < words.size() && is_number(words[i + 1].lower) && is_dose_unit(words[i + 2].lower) &&
               plausible_dose(words[i + 1].lower, words[i + 2].lower)) {
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
  // Owed to the person ("he owes me"), not owed by them ("I owe 18500 GBP on my loan").
  for (const auto cue : {"owes me", "owe me", "owed me", "owed to me", "is owed", "am owed", "are owed", "owes us",
                         "owe us", "owed to us", "unpaid", "pay me back", "paid me back", "hasn't paid",
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
    // An amount of money per week is a cost or a pay, never a load ("Is
    // €250 per week the usual load or the peak?").
    if (d.kind != TermKind::quantity) continue;
    // Every mention: "1 in 300 requests fails, at peaks of 300 requests per
    // second" is read as the rate it ends with.
    const std::string term = util::ascii_lower(d.text);
    bool found = false;
    for (auto at = lower.find(term); at != std::string::npos && !found; at = lower.find(term, at + 1)) {
      const std::string_view rest = std::string_view(lower).substr(at + d.text.size());
      for (const auto per : {" per second", " per minute", " per hour", " per day", " per week", " per month",
                             " a second", " a minute", " an hour", " per sec", "/s", "/sec", "/min", " rps", " qps"}) {
        if (rest.starts_with(per)) {
          d.kind = TermKind::rate;
          d.text = std::string(text.substr(at, d.text.size() + std::string_view(per).size()));
          found = true;
          break;
        }
      }
    }
  }
}

// "my partner Anna", "our daughter", "my boss, Tom"
void find_people(const std::vector<Word>& words, std::vector<Detail>& details) {
  std::vector<Detail> found;
  const auto shares = [](std::string_view w) { return people::shares_decisions("en", w); };
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    const auto p = relation_at(words, i, words.size(), shares);
    if (!p) continue;
    std::string person = "your " + words[p->relation].text;
    // "in my team. His customers ...": a name never comes from the next sentence.
    if (p->name) {
      const std::size_t n = *p->name;
      person += " " + words[n].text;
      remove_matching(details, words[n].lower);
      // "Mr Hargreaves": a title comes with the name after it.
      if (one_of(words[n].lower, {"mr", "mrs", "ms", "miss", "dr", "prof"}) && n + 1 < words.size()) {
        person += " " + words[n + 1].text;
        remove_matching(details, words[n + 1].lower);
        remove_matching(details, util::ascii_lower(words[n].text + " " + words[n + 1].text));
      }
    }
    if (std::none_of(found.begin(), found.end(), [&](const Detail& d) { return d.text == person; })) {
      found.push_back({TermKind::person, person});
    }
  }
  details.insert(details.end(), found.begin(), found.end());
}

// "German", "French": a language or nationality is not a name to follow up.
bool is_language_or_nationality(std::string_view lower) {
  return one_of(lower, {"english", "german", "french", "spanish", "italian", "portuguese", "dutch", "polish", "chinese",
                        "japanese", "korean", "arabic", "russian", "hindi", "turkish", "greek", "swedish", "danish",
                        "norwegian", "finnish", "american", "british", "canadian", "australian", "irish", "scottish",
                        "welsh", "cornish", "european", "african", "asian", "latin", "mandarin", "cantonese", "catalan", "ukrainian", "czech", "hungarian", "romanian"});
}

bool is_month(std::string_view lower) {
  return one_of(lower, {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                        "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                        "sept", "oct", "nov", "dec"});
}

// "15 March", "March 15": a day of a month, whatever the number-reading took it for.
bool is_day_of_month(std::string_view text) {
  const auto words = split(text);
  if (words.size() != 2) return false;
  return (is_number(words[0].lower) && is_month(words[1].lower)) || (is_month(words[0].lower) && is_number(words[1].lower));
}

// "105/60" is a reading (blood pressure), not a date: a date's numbers are a
// day and a month.
bool is_reading(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= text.size()) return false;
  const auto a = text.substr(0, slash), b = text.substr(slash + 1);
  if (!is_number(a) || !is_number(b) || a.size() > 3 || b.size() > 3) return false;
  return std::stoi(std::string(a)) > 31 || std::stoi(std::string(b)) > 31;
}

}  // namespace

std::vector<Detail> assign_roles(std::string_view text, std::vector<Detail> details) {
  const auto words = split(text);
  std::erase_if(details, [](const Detail& d) {
    return (d.kind == TermKind::name || d.kind == TermKind::tool) && is_language_or_nationality(util::ascii_lower(d.text));
  });
  for (auto& d : details) {
    if (d.kind == TermKind::date && is_reading(d.text)) d.kind = TermKind::quantity;
    if (d.kind == TermKind::quantity && is_day_of_month(d.text)) d.kind = TermKind::date;
  }
  // "St Anne's": a possessive stays with the name it belongs to.
  for (auto& d : details) {
    if (d.kind != TermKind::name && d.kind != TermKind::place) continue;
    const auto at = text.find(d.text);
    if (at == std::string_view::npos) continue;
    const auto rest = text.substr(at + d.text.size());
    if (rest.starts_with("'s") || rest.starts_with("\xE2\x80\x99s")) {
      const std::size_t n = rest.starts_with("'s") ? 2 : 4;
      if (rest.size() == n || std::isalnum(static_cast<unsigned char>(rest[n])) == 0) d.text += "'s";
    }
  }
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
