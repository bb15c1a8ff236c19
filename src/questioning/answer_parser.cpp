// Reading one answer: see answer_parser.hpp.
#include "questioning/answer_parser.hpp"
#include "questioning/detail_roles.hpp"

#include <algorithm>
#include <iterator>
#include <set>
#include <unordered_set>

#include "questioning/lexicon.hpp"
#include "questioning/tokens.hpp"
#include "util/text.hpp"

namespace sq::questioning {

namespace {

using lexicon::is_alpha;
using lexicon::is_digit;
using lexicon::is_lower;
using lexicon::is_upper;
using lexicon::one_of;

// A word opens a sentence for the name rules when it starts one, follows a
// colon ("Budget: ...") or opens a quotation ("('Ever since ...')").
bool opens(const Token& t) { return t.starts_sentence || t.after_colon || t.opens_quote; }

// A fixed list of words, hashed once for fast membership tests.
class WordSet {
 public:
  template <std::size_t N>
  explicit WordSet(const std::string_view (&words)[N]) : words_(std::begin(words), std::end(words)) {}
  bool contains(std::string_view w) const { return words_.count(w) != 0; }

 private:
  std::unordered_set<std::string_view> words_;
};

bool one_of(std::string_view word, const WordSet& set) { return set.contains(word); }

constexpr std::string_view kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                                                      "july",    "august",   "september", "october", "november", "december"};
constexpr std::string_view kMonthAbbreviations[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                                  "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::string_view kSeasons[] = {"spring", "summer", "autumn", "fall", "winter"};
constexpr std::string_view kDurationUnits[] = {
    "minute", "minutes", "mins", "hour", "hours", "day", "days", "night", "nights", "week", "weeks", "month",
    "months", "year", "years", "fortnight", "fortnights", "weekends"};
constexpr std::string_view kCurrencyWords[] = {
    "dollar", "dollars", "usd", "eur", "euro", "euros", "gbp", "pound", "pounds", "quid", "yen", "jpy",
    "aud", "cad", "chf", "inr", "rupees", "bucks", "sek", "nok", "dkk", "nzd", "sgd", "francs"};
constexpr std::string_view kCurrencyCodes[] = {"USD", "EUR", "GBP", "CHF", "AUD", "CAD",
                                                             "JPY", "INR", "SEK", "NOK", "NZD", "SGD"};
constexpr std::string_view kMagnitudes[] = {"k", "m", "million", "thousand", "billion", "bn", "grand"};
constexpr std::string_view kPlacePrepositions[] = {
    "in", "to", "at", "from", "near", "around", "visit", "visiting", "into", "via", "through", "across",
    "outside", "towards", "toward"};

// Words naming tools, products, platforms and medicines people mention by name.
constexpr std::string_view kKnownProducts[] = {
    "postgres", "postgresql", "mysql", "sqlite", "mongodb", "redis", "oracle", "excel", "airtable", "notion",
    "slack", "jira", "confluence", "trello", "asana", "salesforce", "hubspot", "zendesk", "shopify", "stripe",
    "paypal", "quickbooks", "xero", "sap", "workday", "aws", "azure", "gcp", "kubernetes", "docker",
    "react", "vue", "angular", "django", "rails", "laravel", "node", "nodejs", "python", "java",
    "javascript", "typescript", "kotlin", "php", "flutter", "wordpress", "figma", "github", "gitlab", "bitbucket",
    "linkedin", "indeed", "glassdoor", "zoom", "outlook", "gmail", "google", "microsoft", "apple", "samsung",
    "dell", "lenovo", "hp", "asus", "sony", "macbook", "iphone", "ipad", "android", "ios",
    "windows", "linux", "macos", "duolingo", "babbel", "coursera", "udemy", "anki", "chatgpt", "tableau",
    "powerbi", "looker", "snowflake", "bigquery", "ibuprofen", "paracetamol", "acetaminophen", "aspirin", "naproxen", "metformin",
    "sertraline", "vanguard", "fidelity", "schwab", "revolut", "monzo"};

// Words that open sentences without being names.
constexpr std::string_view kCommonWords[] = {
    "the", "a", "an", "i", "we", "my", "our", "it", "its", "this", "that", "these", "those", "there", "they",
    "he", "she", "you", "your", "yes", "no", "not", "maybe", "probably", "perhaps", "definitely", "hopefully",
    "ideally", "mostly", "mainly", "usually", "about", "around", "roughly", "approximately", "just", "only",
    "also", "and", "but", "or", "so", "because", "if", "when", "while", "since", "although", "though", "well",
    "ok", "okay", "sure", "honestly", "actually", "basically", "currently", "right", "none", "nothing",
    "something", "anything", "everything", "all", "both", "each", "either", "neither", "some", "most", "many",
    "much", "more", "less", "few", "several", "any", "every", "one", "two", "three", "four", "five", "first",
    "second", "third", "last", "next", "then", "what", "which", "who", "how", "where", "why", "good", "great",
    "fine", "thanks", "thank", "please", "hi", "hello", "hey", "ideal", "preferably", "really", "very",
    "quite", "pretty", "too", "still", "already", "always", "never", "often", "sometimes"};

constexpr std::string_view kNumberWords[] = {
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "hundred", "dozen", "several", "couple", "few"};

// Sets over the lists above.
const WordSet& common_words() {
  static const WordSet set(kCommonWords);
  return set;
}
const WordSet& currency_codes() {
  static const WordSet set(kCurrencyCodes);
  return set;
}
const WordSet& currency_words() {
  static const WordSet set(kCurrencyWords);
  return set;
}
const WordSet& duration_units() {
  static const WordSet set(kDurationUnits);
  return set;
}
const WordSet& known_products() {
  static const WordSet set(kKnownProducts);
  return set;
}
const WordSet& magnitudes() {
  static const WordSet set(kMagnitudes);
  return set;
}
const WordSet& month_abbreviations() {
  static const WordSet set(kMonthAbbreviations);
  return set;
}
const WordSet& months() {
  static const WordSet set(kMonths);
  return set;
}
const WordSet& number_words() {
  static const WordSet set(kNumberWords);
  return set;
}
const WordSet& place_prepositions() {
  static const WordSet set(kPlacePrepositions);
  return set;
}
const WordSet& seasons() {
  static const WordSet set(kSeasons);
  return set;
}
const WordSet& weekdays() {
  static const WordSet set(lexicon::kWeekdays);
  return set;
}

bool is_number_text(std::string_view s) {
  if (s.empty() || !is_digit(s.front())) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c) || c == ',' || c == '.'; });
}

// "3", "3,000", "2.5", "3k", "2-3"
bool is_amount_text(std::string_view s) {
  if (s.size() > 1 && (s.back() == 'k' || s.back() == 'K' || s.back() == 'm' || s.back() == 'M')) s.remove_suffix(1);
  const auto dash = s.find('-');
  if (dash != std::string_view::npos) return is_number_text(s.substr(0, dash)) && is_number_text(s.substr(dash + 1));
  return is_number_text(s);
}

bool is_year(std::string_view s) {
  return s.size() == 4 && is_number_text(s) && (s.starts_with("19") || s.starts_with("20"));
}

bool is_day_number(std::string_view lower) {
  std::size_t digits = 0;
  while (digits < lower.size() && is_digit(lower[digits])) ++digits;
  if (digits == 0 || digits > 2) return false;
  const auto suffix = lower.substr(digits);
  return suffix.empty() || suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th";
}

bool starts_with_currency_symbol(std::string_view s) {
  for (const std::string_view sym : {"$", "\xE2\x82\xAC", "\xC2\xA3", "\xC2\xA5", "\xE2\x82\xB9"}) {
    if (s.starts_with(sym)) return true;
  }
  return false;
}

bool ends_with_currency_symbol(std::string_view s) {
  for (const std::string_view sym : {"$", "\xE2\x82\xAC", "\xC2\xA3", "\xC2\xA5", "\xE2\x82\xB9"}) {
    if (s.ends_with(sym)) return true;
  }
  return false;
}

// "$3,000", "US$500", "€40"
bool is_symbol_amount(std::string_view s) {
  std::size_t letters = 0;
  while (letters < s.size() && is_upper(s[letters]) && letters < 2) ++letters;
  s.remove_prefix(letters);
  if (!starts_with_currency_symbol(s)) return false;
  const auto digits = s.find_first_of("0123456789");
  return digits != std::string_view::npos && digits <= 3 && is_amount_text(s.substr(digits));
}

bool is_month(const Token& t) {
  const std::string_view w = t.lower;
  const bool capital = is_upper(t.text.front());
  if (w == "may" || w == "march") return capital;
  if (one_of(w, months())) return true;
  return capital && (one_of(w, month_abbreviations()) || w == "sept");
}

// "mid-April", "early-May"
bool is_hyphenated_month(const Token& t) {
  const auto dash = t.lower.find('-');
  if (dash == std::string::npos) return false;
  const std::string_view head = std::string_view(t.lower).substr(0, dash);
  const std::string_view month = std::string_view(t.lower).substr(dash + 1);
  return (head == "mid" || head == "early" || head == "late") && one_of(month, months());
}

bool is_numeric_date(std::string_view s) {
  const auto sep = s.find_first_of("/-");
  if (sep == std::string_view::npos || sep == 0) return false;
  const char kind = s[sep];
  int parts = 0;
  std::size_t longest = 0;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto end = s.find(kind, start);
    if (end == std::string_view::npos) end = s.size();
    const auto part = s.substr(start, end - start);
    if (part.empty() || part.size() > 4 || !std::all_of(part.begin(), part.end(), is_digit)) return false;
    longest = std::max(longest, part.size());
    ++parts;
    start = end + 1;
  }
  if (kind == '-') return parts == 3 && longest == 4;
  return parts >= 2;
}

std::string_view span(const std::vector<Token>& tokens, std::size_t first, std::size_t last) {
  const char* begin = tokens[first].text.data();
  const char* end = tokens[last].text.data() + tokens[last].text.size();
  return {begin, static_cast<std::size_t>(end - begin)};
}

// Finds details in a token list; each detector returns how many tokens it used.
class DetailScanner {
 public:
  explicit DetailScanner(std::vector<Token> tokens) : t_(std::move(tokens)), used_(t_.size(), false) {}

  std::vector<Detail> scan() {
    for (std::size_t i = 0; i < t_.size(); ++i) {
      if (used_[i]) continue;
      if (money(i) || date(i) || duration(i)) continue;
      quantity(i);
    }
    for (std::size_t i = 0; i < t_.size(); ++i) {
      if (!used_[i]) name(i);
    }
    std::stable_sort(found_.begin(), found_.end(),
                     [](const Found& a, const Found& b) { return a.first < b.first; });
    std::vector<Detail> out;
    std::set<std::pair<int, std::string>> seen;
    for (auto& f : found_) {
      if (seen.insert({static_cast<int>(f.detail.kind), util::ascii_lower(f.detail.text)}).second) {
        out.push_back(std::move(f.detail));
      }
    }
    return out;
  }

 private:
  struct Found {
    std::size_t first;
    Detail detail;
  };

  const std::string& lower(std::size_t i) const {
    static const std::string none;
    return i < t_.size() ? t_[i].lower : none;
  }
  bool free(std::size_t i) const { return i < t_.size() && !used_[i]; }
  // True when token i and i+1 are in one clause.
  bool joined(std::size_t i) const { return i + 1 < t_.size() && !t_[i].clause_end; }

  void record(TermKind kind, std::size_t first, std::size_t last, std::string text) {
    for (std::size_t k = first; k <= last; ++k) used_[k] = true;
    found_.push_back({first, Detail{kind, std::move(text)}});
  }
  void record(TermKind kind, std::size_t first, std::size_t last) {
    record(kind, first, last, std::string(span(t_, first, last)));
  }

  bool money(std::size_t i) {
    const auto& tok = t_[i];
    std::size_t last = i;
    if (is_symbol_amount(tok.text) || (ends_with_currency_symbol(tok.text) && has_alnum(tok.text) &&
                                       is_digit(tok.text.front()))) {
      if (joined(i) && one_of(std::string_view(lower(i + 1)), magnitudes())) last = i + 1;
    } else if (one_of(tok.text, currency_codes()) && joined(i) && is_amount_text(t_[i + 1].text)) {
      last = i + 1;
      if (joined(last) && one_of(std::string_view(lower(last + 1)), magnitudes())) ++last;
    } else if (is_amount_text(tok.text) && joined(i)) {
      std::size_t k = i + 1;
      if (one_of(std::string_view(lower(k)), magnitudes()) && joined(k)) ++k;
      if (!one_of(std::string_view(lower(k)), currency_words())) return false;
      last = k;
    } else {
      return false;
    }
    record(TermKind::money, i, last);
    return true;
  }

  bool date(std::size_t i) {
    const auto& tok = t_[i];
    if (is_month(tok) || is_hyphenated_month(tok)) return month_date(i);
    if (is_numeric_date(tok.text)) {
      record(TermKind::date, i, i);
      return true;
    }
    if (is_upper(tok.text.front()) && one_of(std::string_view(tok.lower), weekdays())) {
      record(TermKind::date, relative_start(i), i);
      return true;
    }
    if (tok.lower == "tomorrow" || tok.lower == "asap" || tok.lower == "christmas" || tok.lower == "easter") {
      record(TermKind::date, i, i);
      return true;
    }
    if (tok.lower.size() == 2 && tok.lower[0] == 'q' && tok.lower[1] >= '1' && tok.lower[1] <= '4') {
      std::size_t last = i;
      if (joined(i) && is_year(lower(i + 1))) ++last;
      record(TermKind::date, i, last);
      return true;
    }
    return relative_date(i) || season(i) || year(i);
  }

  // "next", "this" or "coming" in front of token i, if any.
  std::size_t relative_start(std::size_t i) const {
    if (i > 0 && free(i - 1) && joined(i - 1)) {
      const auto& p = lower(i - 1);
      if (p == "next" || p == "this" || p == "coming" || p == "early" || p == "late" || p == "mid") return i - 1;
    }
    return i;
  }

  bool month_date(std::size_t i) {
    std::size_t first = i;
    if (i > 0 && free(i - 1) && joined(i - 1)) {
      const auto& p = lower(i - 1);
      if (is_day_number(p)) {
        first = i - 1;
      } else if (p == "early" || p == "mid" || p == "late" || p == "end" || p == "beginning" || p == "start") {
        first = i - 1;
      } else if (p == "of" && i > 1 && free(i - 2) && joined(i - 2)) {
        const auto& pp = lower(i - 2);
        if (pp == "end" || pp == "beginning" || pp == "start" || pp == "middle") first = i - 2;
      }
    }
    std::size_t last = i;
    if (joined(last) && is_day_number(lower(last + 1))) ++last;
    if (joined(last) && is_year(lower(last + 1))) ++last;
    record(TermKind::date, first, last);
    return true;
  }

  bool relative_date(std::size_t i) {
    const auto& w = lower(i);
    if ((w == "next" || w == "this" || w == "coming") && joined(i)) {
      const auto& n = lower(i + 1);
      if (n == "week" || n == "weekend" || n == "month" || n == "year" || n == "quarter" ||
          one_of(std::string_view(n), seasons()) || one_of(std::string_view(n), weekdays())) {
        record(TermKind::date, i, i + 1);
        return true;
      }
    }
    if (w == "end" && joined(i) && lower(i + 1) == "of" && joined(i + 1)) {
      std::size_t k = i + 2;
      if (lower(k) == "the" && joined(k)) ++k;
      const auto& n = lower(k);
      if (n == "month" || n == "year" || n == "quarter" || n == "week" || n == "summer") {
        record(TermKind::date, i, k);
        return true;
      }
    }
    return false;
  }

  bool season(std::size_t i) {
    if (!one_of(std::string_view(lower(i)), seasons()) || i == 0 || !joined(i - 1)) return false;
    const auto& p = lower(i - 1);
    const bool qualifier = p == "early" || p == "late" || p == "mid";
    const bool preposition = p == "in" || p == "the" || p == "over" || p == "during" || p == "by";
    if (!qualifier && !preposition) return false;
    if (lower(i) == "fall" && !(p == "the" || qualifier)) return false;
    std::size_t last = i;
    if (joined(i) && is_year(lower(i + 1))) ++last;
    record(TermKind::date, qualifier ? i - 1 : i, last);
    return true;
  }

  bool year(std::size_t i) {
    if (!is_year(lower(i)) || i == 0 || !joined(i - 1)) return false;
    const auto& p = lower(i - 1);
    if (p != "in" && p != "by" && p != "until" && p != "before" && p != "after" && p != "for") return false;
    record(TermKind::date, i, i);
    return true;
  }

  // Length of a count phrase starting at i ("3", "two", "a few", "a couple of"); 0 if none.
  std::size_t count_words(std::size_t i) const {
    const auto& w = lower(i);
    if (is_amount_text(w) && w.find_first_of("km") == std::string::npos) return 1;
    if (w == "one" || one_of(std::string_view(w), number_words())) return 1;
    if ((w == "a" || w == "an") && joined(i)) {
      const auto& n = lower(i + 1);
      if ((n == "few" || n == "couple") && joined(i + 1)) return lower(i + 2) == "of" && joined(i + 2) ? 3 : 2;
      return 1;
    }
    return 0;
  }

  bool duration(std::size_t i) {
    if (hyphenated_duration(i)) return true;
    const std::size_t n = count_words(i);
    if (n == 0 || i + n - 1 >= t_.size() || !joined(i + n - 1)) return false;
    std::size_t unit = i + n;
    // "10 to 14 days"
    if (lower(unit) == "to" && joined(unit) && is_amount_text(lower(unit + 1)) && joined(unit + 1)) unit += 2;
    if (!one_of(std::string_view(lower(unit)), duration_units())) return false;
    // "3 hours a week": the "a week" is a rate, not a second duration.
    if ((lower(i) == "a" || lower(i) == "an") && i > 0 && used_[i - 1]) return false;
    record(TermKind::duration, i, unit);
    return true;
  }

  // "10-day", "two-week" -> "10 days", "two weeks"
  bool hyphenated_duration(std::size_t i) {
    const auto& w = lower(i);
    const auto dash = w.find('-');
    if (dash == std::string::npos || dash == 0) return false;
    const std::string_view number = std::string_view(w).substr(0, dash);
    const std::string_view unit = std::string_view(w).substr(dash + 1);
    const bool numeric = is_number_text(number) || number == "one" || one_of(number, number_words());
    if (!numeric || !(unit == "day" || unit == "night" || unit == "week" || unit == "month" || unit == "year" ||
                      unit == "hour")) {
      return false;
    }
    const bool singular = number == "1" || number == "one";
    std::string text(t_[i].text.substr(0, dash));
    text += ' ';
    text += t_[i].text.substr(dash + 1);
    if (!singular) text += 's';
    record(TermKind::duration, i, i, std::move(text));
    return true;
  }

  static bool plural_looking(std::string_view w) {
    if (w == "people" || w == "children" || w == "staff" || w == "men" || w == "women" || w == "folks") return true;
    return w.size() > 3 && w.back() == 's' && !w.ends_with("ss") && w != "times" && w != "percent";
  }

  static bool noun_candidate(std::string_view w) {
    static constexpr std::string_view not_nouns[] = {
        "of", "to", "and", "or", "in", "on", "at", "for", "from", "with", "the", "a", "an", "is", "are", "was",
        "were", "be", "am", "pm", "x", "by", "per", "more", "less", "times", "percent", "or", "so", "but"};
    return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return is_lower(c) || c == '-'; }) &&
           !one_of(w, not_nouns);
  }

  bool quantity(std::size_t i) {
    const auto& w = lower(i);
    const bool digits = is_number_text(w) && !is_year(w) && w != "1" && w.find('.') == std::string::npos;
    if (!digits && !one_of(std::string_view(w), number_words())) return false;
    if (w == "few" || w == "couple" || w == "several") return false;
    // "type 2 diabetes", "stage 3", "Year 9 pupils", "Plan 2": a label's number counts nothing.
    if (i > 0 && one_of(std::string_view(lower(i - 1)),
                        {"type", "stage", "level", "grade", "year", "phase", "version", "size", "plan", "step", "room",
                         "gate", "platform", "line", "number", "no", "chapter", "page", "floor", "unit", "flat",
                         "apartment", "class", "tier", "band", "zone", "category", "section", "part", "season"})) {
      return false;
    }
    std::size_t last = i;
    std::size_t k = i;
    while (k - i < 3 && joined(k) && noun_candidate(lower(k + 1))) {
      ++k;
      if (plural_looking(lower(k))) {
        last = k;
        break;
      }
    }
    // "Node.js 20 service": a number with no plural noun after it counts
    // nothing ("20 service" is a version and its noun), so it is left alone;
    // nor does "5 to 10 minutes" count minutes.
    if (last == i || one_of(std::string_view(lower(last)), duration_units())) return false;
    record(TermKind::quantity, i, last);
    return true;
  }

  static bool capitalised(std::string_view s) { return !s.empty() && is_upper(s.front()); }
  static bool inner_capital(std::string_view s) {
    return s.size() > 1 && std::any_of(s.begin() + 1, s.end(), [](char c) { return is_upper(c) || is_digit(c) || c == '.'; });
  }
  static bool acronym(std::string_view s) {
    return s.size() >= 2 && std::all_of(s.begin(), s.end(), [](char c) { return is_upper(c) || is_digit(c); }) &&
           is_upper(s.front());
  }
  static bool never_a_name(std::string_view lower_word) {
    static constexpr std::string_view words[] = {"i", "i'm", "i'd", "i've", "i'll", "ok", "tbd",
                                                           "asap", "n", "na", "faq", "fyi"};
    if (one_of(lower_word, words) || one_of(lower_word, months()) || one_of(lower_word, weekdays())) return true;
    // "Monday's deploy", "April's figures": a weekday or month with a possessive.
    if (lower_word.ends_with("'s")) {
      const auto base = lower_word.substr(0, lower_word.size() - 2);
      return one_of(base, months()) || one_of(base, weekdays());
    }
    return false;
  }

  // "we'd", "don't", "it's": a common word with a clitic, never a name.
  static bool contraction(std::string_view lower_word) {
    static constexpr std::string_view negated[] = {"don", "can", "won", "isn", "aren", "didn", "doesn", "haven",
                                                   "hasn", "wasn", "weren", "shouldn", "wouldn", "couldn", "let"};
    const auto apostrophe = lower_word.find('\'');
    if (apostrophe == std::string_view::npos) return false;
    const auto base = lower_word.substr(0, apostrophe);
    return one_of(base, common_words()) || one_of(base, negated);
  }

  bool product(std::size_t i) const { return one_of(std::string_view(lower(i)), known_products()); }

  // Could token i start a name, judged on its own?
  bool name_start(std::size_t i) const {
    const auto& tok = t_[i];
    const bool looks_named = capitalised(tok.text) || (is_lower(tok.text.front()) && inner_capital(tok.text));
    if (!looks_named) return product(i);  // "postgres" is a name even in lower case
    if (never_a_name(tok.lower) || one_of(tok.text, currency_codes()) || contraction(tok.lower)) return false;
    // "a 1 TB disk", "16 GB of RAM", "a 3 kW heater": a unit after a number.
    if (i > 0 && lexicon::is_digit(t_[i - 1].text.back()) &&
        one_of(std::string_view(tok.lower), {"tb", "gb", "mb", "kb", "ghz", "mhz", "hz", "kw", "kwh", "mw", "gw", "mbps",
                                             "gbps", "mah", "v", "w", "ah"})) {
      return false;
    }
    if (product(i)) return true;
    if (!opens(tok) || inner_capital(tok.text)) return true;
    return sentence_start_name(i);
  }

  // A capitalised first word is a name only with some evidence beyond its capital.
  bool sentence_start_name(std::size_t i) const {
    const auto& w = t_[i].lower;
    if (one_of(std::string_view(w), common_words()) || is_catalogue_word(w)) return false;
    if (joined(i) && capitalised(t_[i + 1].text) && !never_a_name(lower(i + 1))) return true;
    if (i + 2 < t_.size() && (lower(i + 1) == "and" || lower(i + 1) == "or") && capitalised(t_[i + 2].text)) return true;
    if (t_[i].clause_end && i + 1 < t_.size() && capitalised(t_[i + 1].text)) return true;
    for (std::size_t k = 0; k < t_.size(); ++k) {
      if (k != i && !opens(t_[k]) && t_[k].text == t_[i].text) return true;
    }
    for (const std::string_view suffix : {"ing", "ed", "ly", "tion", "ment", "ness", "able", "ful", "ous", "ive", "s"}) {
      if (w.size() > suffix.size() + 2 && w.ends_with(suffix)) return false;
    }
    return w.size() >= 3;
  }

  void name(std::size_t i) {
    if (!name_start(i)) return;
    std::size_t last = i;
    while (joined(last) && free(last + 1)) {
      const std::size_t next = last + 1;
      if (capitalised(t_[next].text) && !never_a_name(lower(next))) {
        last = next;
      } else if (lower(next) == "of" && joined(next) && free(next + 1) && capitalised(t_[next + 1].text)) {
        last = next + 1;
      } else {
        break;
      }
    }
    std::string text(span(t_, i, last));
    if (text.ends_with("'s")) text.resize(text.size() - 2);  // "Anna's" -> "Anna"
    record(classify_name(i, last), i, last, std::move(text));
  }

  TermKind classify_name(std::size_t first, std::size_t last) const {
    const bool after_place_word =
        first > 0 && one_of(std::string_view(lower(first - 1)), place_prepositions()) && joined(first - 1);
    bool tool_like = false;
    for (std::size_t k = first; k <= last; ++k) {
      tool_like = tool_like || product(k) || inner_capital(t_[k].text) || acronym(t_[k].text);
    }
    if (after_place_word && !(first == last && product(first))) return TermKind::place;
    // "in Kent, England": a name right after a place and its comma is a place too.
    if (first > 0 && t_[first - 1].clause_end && place_ended_at(first - 1)) return TermKind::place;
    return tool_like ? TermKind::tool : TermKind::name;
  }

  bool place_ended_at(std::size_t i) const {
    return std::any_of(found_.begin(), found_.end(), [&](const Found& f) {
      return f.detail.kind == TermKind::place && f.first <= i && i < f.first + 4 && used_[i] &&
             util::ascii_lower(f.detail.text).ends_with(t_[i].lower);
    });
  }

  std::vector<Token> t_;
  std::vector<bool> used_;
  std::vector<Found> found_;
};

constexpr std::string_view kTentativePhrases[] = {
    "not sure", "unsure", "don't know", "dont know", "do not know", "no idea", "maybe", "perhaps", "not yet",
    "haven't decided", "have not decided", "undecided", "tbd", "to be decided", "to be determined", "depends",
    "no clue", "idk", "hard to say", "not decided", "haven't thought", "unclear", "dunno", "not certain", "possibly"};
constexpr std::string_view kDeclinedPhrases[] = {
    "rather not say", "prefer not to say", "rather not", "prefer not", "skip", "n a", "not applicable",
    "no comment", "none of your business", "doesn't apply", "does not apply", "pass", "next question"};
// Said first, these set the question aside ("Not relevant, we don't use
// Redis Cluster"); later in an answer they are part of it ("the colour is
// not important, the size is").
constexpr std::string_view kDismissiveOpenings[] = {
    "not relevant", "irrelevant", "doesn't matter", "does not matter", "not important", "no longer relevant",
    "not applicable", "pas pertinent", "sans objet", "ne s'applique pas", "nicht relevant", "trifft nicht zu",
    "spielt keine rolle", "no aplica", "no es relevante", "no procede", "no viene al caso"};

// The person did not follow the question (English, French, German, Spanish).
constexpr std::string_view kConfusedPhrases[] = {
    "don't understand", "dont understand", "do not understand", "didn't understand", "what do you mean",
    "not sure what you mean", "what does that mean", "don't follow", "do not follow", "makes no sense",
    "doesn't make sense", "confusing question", "which do you mean", "what are you asking", "no entiendo",
    "no lo entiendo", "no comprendo", "qué quiere decir", "ne comprends pas", "pas compris", "je ne comprends",
    "que voulez-vous dire", "verstehe nicht", "verstehe die frage nicht", "nicht verstanden", "was meinen sie"};

using Phrase = std::vector<std::string>;

template <std::size_t N>
std::vector<Phrase> phrases_of(const std::string_view (&list)[N]) {
  std::vector<Phrase> out;
  for (const auto p : list) out.push_back(util::words(p));
  return out;
}

bool contains_phrase(const std::vector<std::string>& words, const Phrase& phrase) {
  if (phrase.empty() || phrase.size() > words.size()) return false;
  return std::search(words.begin(), words.end(), phrase.begin(), phrase.end()) != words.end();
}

bool declined(const std::vector<std::string>& words) {
  static const auto phrases = phrases_of(kDeclinedPhrases);
  for (const auto& p : phrases) {
    // "pass" or "skip" decline only as the whole answer, not inside a sentence.
    const bool whole_only = p.front() == "pass" || p.front() == "skip" || p.front() == "next";
    const std::size_t longest = whole_only ? 3 : 15;
    if (words.size() <= longest && contains_phrase(words, p)) return true;
  }
  return false;
}

bool dismissive(const std::vector<std::string>& words) {
  static const auto phrases = phrases_of(kDismissiveOpenings);
  return std::any_of(phrases.begin(), phrases.end(), [&](const Phrase& p) {
    return p.size() <= words.size() && std::equal(p.begin(), p.end(), words.begin());
  });
}

bool confused(const std::vector<std::string>& words) {
  static const auto phrases = phrases_of(kConfusedPhrases);
  return words.size() <= 15 &&
         std::any_of(phrases.begin(), phrases.end(), [&](const Phrase& p) { return contains_phrase(words, p); });
}

bool hedged(const std::vector<std::string>& words) {
  static const auto phrases = phrases_of(kTentativePhrases);
  return words.size() <= 15 &&
         std::any_of(phrases.begin(), phrases.end(), [&](const Phrase& p) { return contains_phrase(words, p); });
}

AnswerTone tone_of(std::string_view answer, const std::vector<Detail>& details) {
  const auto words = util::words(answer);
  if (words.empty()) return AnswerTone::tentative;
  if (confused(words)) return AnswerTone::confused;
  if (declined(words) || dismissive(words)) return AnswerTone::declined;
  const bool concrete =
      std::any_of(details.begin(), details.end(), [](const Detail& d) { return d.kind != TermKind::name; });
  // "I'd like it to rhyme, but I'm not sure I can do rhyme well": an answer
  // given first and a doubt after "but" is an answer with a reservation.
  const auto but = std::find(words.begin(), words.end(), "but");
  const bool answered_first = but != words.end() && but - words.begin() >= 3 &&
                              !hedged(std::vector<std::string>(words.begin(), but));
  return hedged(words) && !concrete && !answered_first ? AnswerTone::tentative : AnswerTone::substantive;
}

}  // namespace

std::vector<Detail> extract_details(std::string_view answer) {
  return DetailScanner(tokenize(answer)).scan();
}

AnswerReading read_answer(std::string_view answer) {
  AnswerReading r;
  r.details = assign_roles(answer, extract_details(answer));
  r.tone = tone_of(answer, r.details);
  return r;
}

AnswerTone answer_tone(std::string_view answer) { return read_answer(answer).tone; }

}  // namespace sq::questioning
