// Follow-ups on answers: see follow_ups.hpp.
#include "questioning/follow_ups.hpp"

#include <algorithm>
#include <chrono>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>

#include "questioning/foreign_follow_ups.hpp"
#include "questioning/lexicon.hpp"
#include "questioning/people_words.hpp"
#include "questioning/tokens.hpp"
#include "util/text.hpp"

namespace sq::questioning::planning {

namespace {

using lexicon::is_digit;
using lexicon::is_lower;

// Follow-up wording that depends on the task as well as on the detail: a tool
// named while diagnosing a fault is part of the evidence, not a preference.
struct TaskDrill {
  TaskType task;
  TermKind kind;
  std::vector<std::string_view> templates;
};

const std::vector<TaskDrill>& task_drills() {
  static const std::vector<TaskDrill> drills = {
      {TaskType::diagnose, TermKind::tool,
       {"Did anything change in {term} — an upgrade, a setting, a new release — around the time this started?",
        "Does the problem show up only with {term}, or elsewhere too?"}},
      {TaskType::diagnose, TermKind::quantity, {"Does it affect all {term}, or only some of them?"}},
      {TaskType::diagnose, TermKind::date,
       {"What else was going on around {term} — a change of routine, of use, or of surroundings?"}},
      {TaskType::decide, TermKind::money,
       {"How does {term} compare with what each of the other options would cost or bring in?"}},
      {TaskType::change, TermKind::money,
       {"How does {term} compare once taxes, housing and the other costs of the change are counted?"}},
      {TaskType::decide, TermKind::place, {"What draws you to {term}, and what do you still need to find out about it?"}},
      {TaskType::change, TermKind::place,
       {"What would day-to-day life in {term} look like for you, and what do you know about it so far?"}},
      {TaskType::decide, TermKind::person,
       {"How does {term} see this, and what would each option mean for them?", "What part will {term} play in deciding?"}},
      {TaskType::change, TermKind::person,
       {"How does {term} feel about the change, and what would it mean for them?"}},
      {TaskType::decide, TermKind::date, {"What is expected to happen around {term}, and how sure is it?"}},
      {TaskType::dispute, TermKind::date,
       {"What exactly happened around {term}, and is there anything in writing from then?"}},
      {TaskType::dispute, TermKind::person, {"What has {term} said or done about it so far?"}},
      {TaskType::dispute, TermKind::money,
       {"What does the {term} correspond to, and what backs it up — an invoice, a quote, receipts?"}},
      {TaskType::dispute, TermKind::duration,
       {"What does {term} refer to here — a deadline, a notice period, or how long something went on?"}},
      {TaskType::health, TermKind::duration, {"Over {term}, has it been getting better, worse, or staying the same?"}},
      // Whom the person names beside a fault, a symptom, an explanation,
      // something to learn or to build is a witness, a second case or a
      // user, not someone with a stake in a choice ("What matters most to
      // your daughter in this?" of a leaking shower).
      {TaskType::diagnose, TermKind::person,
       {"Has {term} noticed anything about it that you haven't — when it happens, or what makes a difference?"}},
      {TaskType::health, TermKind::person, {"Has {term} noticed anything about it that you haven't?"}},
      {TaskType::understand, TermKind::person, {"Should the explanation cover {term}'s situation as well as yours?"}},
      {TaskType::learn, TermKind::person,
       {"Will {term} be part of this — learning with you, or affected by how you go about it?"}},
      {TaskType::specify, TermKind::person, {"What will {term} need to be able to do with it?"}},

      {TaskType::health, TermKind::date, {"Has it changed since {term} — better, worse, or about the same?"}},
  };
  return drills;
}

// What a generic wording asks of the detail it is said of: "Is the £42k a
// firm limit?" fits a budget, not a salary; "a quote or an estimate?" fits a
// price; "a firm requirement?" fits a tool only where tools are chosen.
enum class Needs { any, budget, price, price_inclusion_unknown, tool_choice, what_in_place };

struct DrillTemplate {
  std::string_view text;
  Needs needs = Needs::any;
  DrillTemplate(const char* t) : text(t) {}  // NOLINT: a plain wording fits any detail of its kind
  DrillTemplate(const char* t, Needs n) : text(t), needs(n) {}
};

struct DrillWording {
  TermKind kind;
  std::string_view importance;
  std::string_view look_for;
  std::vector<DrillTemplate> templates;
};

const std::vector<DrillWording>& drill_wordings() {
  static const std::vector<DrillWording> wordings = {
      {TermKind::money, "An amount is only useful once it is clear what it includes and how firm it is.",
       "Whether the figure is a hard limit, what it covers, and any room to move.",
       {{"Is the {term} you mentioned a firm limit, or is there some flexibility?", Needs::budget},
        {"What does the {term} need to cover, and is anything paid for separately?", Needs::budget},
        {"What does the {term} include, and is anything charged on top?", Needs::price_inclusion_unknown},
        {"How confident are you in the {term} figure — is it a quote, an estimate, or a guess?", Needs::price}}},
      {TermKind::date, "A date mentioned in passing may be a wish or a hard deadline, and the plan differs for each.",
       "How fixed the date is, what depends on it, and what happens if it moves.",
       {"How fixed is {term} — what would happen if it moved?",
        "Is there a particular reason for {term}, or is it a preference?",
        {"What needs to be in place before {term} for this to work?", Needs::what_in_place}}},
      {TermKind::duration, "A length of time shapes the plan only once it is clear how firm it is.",
       "Whether the duration is fixed, what it includes, and what would change it.",
       {"Is {term} a firm figure, or could it be shorter or longer if needed?",
        "How did you settle on {term}, and what would change with more or less time?"}},
      {TermKind::quantity, "Numbers drive size and cost, so it helps to know how firm they are.",
       "Whether the number is firm or an estimate, and how it might change.",
       {"Is {term} a firm number, or a rough estimate that could change?",
        "How might {term} change over time, and what would that mean for the plan?"}},
      {TermKind::place, "Places the person names are the clearest signal of what they want.",
       "Why the place matters, how settled it is, and what it means for the plan.",
       {"You mentioned {term} — what draws you there, and would you consider alternatives?",
        "How settled is the choice of {term}, or are you still comparing options?",
        "What do you already know about {term}, and what would you like to find out?"}},
      {TermKind::tool, "Tools and products already in the picture constrain the options and carry habits with them.",
       "Whether it is a requirement or a preference, and what depends on it.",
       {{"You mentioned {term} — is that a firm requirement, or open to alternatives?", Needs::tool_choice},
        "What do you rely on {term} for today, and what would you change about it?"}},
      // A plain name is followed up only by a facet's own wording: asked of
      // any name, "You mentioned X — what part does X play in this?" asked
      // about the person's daughter, a weekday, a school subject or the
      // mattress they sleep on now.
      {TermKind::name, "Names the person mentions usually point to something that matters to them.",
       "Who or what it is, and the part it plays.", {}},
      {TermKind::medication,
       "A medicine and its dose can explain what is happening or rule options out, so a clinician will want the details.",
       "How long it has been taken, any recent change of dose or timing, and who prescribed it.",
       {"Does the clinician who prescribed {term} know about what you're experiencing now?",
        "How long have you been taking {term}, and has the dose or timing changed recently?",
        "Did this begin before or after you started taking {term}?"}},
      {TermKind::owed, "An amount someone owes is a claim to document and pursue, not a figure to negotiate.",
       "When it was due, the records that show it is owed, and what has been asked for so far.",
       {"When was the {term} due, and have you asked for it in writing yet?",
        "What records show the {term} is owed — a contract, an invoice, bank transfers or messages?",
        "What has the other side said about the {term} so far?"}},
      {TermKind::rate, "A rate shows the load a solution must carry, and whether it is typical or a peak changes the answer.",
       "Whether the figure is the usual load or a peak, how it varies over time, and where it is expected to go.",
       {"Is {term} the usual load or the peak, and how does it vary over the day?",
        "What happens when the load goes above {term}?"}},
      {TermKind::person, "The people the person names are affected by the outcome or shape it.",
       "How they see it, what it would mean for them, and what part they play in the decision.",
       {"What matters most to {term} in this?",
        "Is there anything about {term} that I should know to help with this?"}},
      {TermKind::none, "The earlier answer was tentative, and even a rough answer is enough to keep planning.",
       "A best guess, a range, or what the decision depends on.",
       {"No problem if you're unsure about {term} — what's your best guess for now?",
        "Even a rough answer helps: what would you say about {term} at this point?",
        "What would help you get clearer on {term}?"}},
  };
  return wordings;
}

const DrillWording& wording_for(TermKind kind) {
  for (const auto& w : drill_wordings()) {
    if (w.kind == kind) return w;
  }
  return drill_wordings().back();
}

// A person's words inside a question stay short: at most about 60 characters,
// cut at a word boundary.
constexpr std::size_t kMaxQuoted = 60;

std::string quotable(const std::string& term) {
  // "WMS (Manhattan SCALE": a bracket the term opens but does not close is cut off with what follows it.
  if (const auto open = term.find('('); open != std::string::npos && term.find(')', open) == std::string::npos) {
    std::string head = term.substr(0, open);
    while (!head.empty() && head.back() == ' ') head.pop_back();
    if (!head.empty()) return quotable(head);
  }
  if (term.size() <= kMaxQuoted) return term;
  std::size_t cut = term.rfind(' ', kMaxQuoted);
  if (cut == std::string::npos || cut < kMaxQuoted / 2) cut = std::string(util::utf8_prefix(term, kMaxQuoted)).size();
  std::string out = term.substr(0, cut);
  while (!out.empty() && (out.back() == ',' || out.back() == ' ' || out.back() == ';')) out.pop_back();
  return out;
}

// Lowers the capital that only began the person's sentence ("Not sure what
// ..." said back as "not sure what ..."): where the first word is one of
// `openers` (any word, if none are given) and is written as a capitalised
// word, not an acronym ("QA") or a single letter.
void lower_sentence_start(std::string& term, std::initializer_list<std::string_view> openers) {
  if (term.size() < 2 || !lexicon::is_upper(term[0]) || !lexicon::is_lower(term[1])) return;
  if (openers.size() != 0) {
    const auto first = util::ascii_lower(term.substr(0, term.find(' ')));
    if (std::find(openers.begin(), openers.end(), std::string_view(first)) == openers.end()) return;
  }
  term[0] = static_cast<char>(term[0] - 'A' + 'a');
}

// A clause of the person's answer said back to them, with what to ask of it.
std::vector<PlannedQuestion> probe_questions(const FollowUp& f) {
  struct Wording {
    ProbeKind kind;
    std::string_view question;
    std::string_view importance;
    std::string_view look_for;
  };
  static constexpr Wording wordings[] = {
      {ProbeKind::limit, "You said {term} — how firm is that, and what depends on it?",
       "A limit the person sets shapes every option, and how firm it is decides how much room there is.",
       "Whether the limit is fixed, who or what sets it, and what would follow if it were missed."},
      {ProbeKind::worry, "You said {term} — what would help most with that?",
       "A worry the person names is often what the answer has to address first.",
       "What exactly the worry is, how likely they think it is, and what would reassure them."},
      {ProbeKind::reservation, "You said {term} — how much does that weigh for you?",
       "A 'but' usually marks what the person is least sure of.",
       "How much the reservation counts against the rest, and what would settle it."},
      {ProbeKind::unknown, "You said {term} — is that the main thing you want to find out?",
       "What the person says they do not know is often the question behind the request.",
       "Whether this is the central question, and what they already know around it."},
      {ProbeKind::obstacle, "You said {term} — how would you get round that, and does it change how you see the options?",
       "An obstacle the person names can rule an option out, or add cost and time to it.",
       "How serious the obstacle is, what it would take to get past it, and whether it shifts the person's preference."},
  };
  for (const auto& w : wordings) {
    if (w.kind != *f.probe) continue;
    // A diagnosis weighs a limit as a constraint on the fix.
    std::string_view question = w.question;
    if (w.kind == ProbeKind::limit && f.task == TaskType::diagnose) {
      question = "You said {term} — does any fix have to keep to that, or is there some room?";
    }
    // Where something is being chosen or fixed, not knowing is a gap to close.
    const bool acting = f.task == TaskType::decide || f.task == TaskType::plan || f.task == TaskType::buy ||
                        f.task == TaskType::specify || f.task == TaskType::diagnose;
    if (w.kind == ProbeKind::unknown && acting) {
      question = "You said {term} — what would it take to find out?";
    }
    // A specification weighs it as a requirement to pin down.
    if (w.kind == ProbeKind::limit && f.task == TaskType::specify) {
      question = "You said {term} — what exactly would that need to cover?";
    }
    // "You said not sure what ...": the capital only began the person's sentence.
    std::string said = f.term;
    lower_sentence_start(said, {"not", "no", "never", "it", "it's", "it'll", "that", "that'll", "this", "there",
                                "there's", "there'll", "the", "a", "an", "my", "our", "their", "his", "her", "we",
                                "we're", "we've", "we'll", "they", "they're", "they'll", "he", "she", "you",
                                "you're", "your", "what", "which", "when", "where", "why", "how", "who", "if",
                                "once", "after", "before", "until", "unless", "because", "since", "although",
                                "though", "even", "also", "probably", "maybe", "ideally", "honestly",
                                "definitely", "only", "just", "still", "really", "can't", "don't", "won't",
                                "nothing", "nobody", "any", "every", "too", "very"});
    return {{finish_question(fill(question, "{term}", said)), f.facet_id, std::string(w.importance),
             std::string(w.look_for)}};
  }
  return {};
}

// "Kyoto", "Kyoto and Osaka", "Kyoto, Osaka and Nara"
std::string join_terms(const std::vector<std::string>& terms) {
  std::string out;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (i > 0) out += i + 1 == terms.size() ? " and " : ", ";
    out += terms[i];
  }
  return out;
}

// Does the answer have `name` do what only a person does ("Jen in marketing
// wants hybrid", "Karen thinks ...")? Looks at the few words after it.
bool acts_as_person(std::string_view answer, std::string_view name) {
  static constexpr std::string_view verbs[] = {"wants", "wanted", "says", "said", "thinks", "thought", "feels",
                                               "felt", "prefers", "preferred", "agrees", "agreed", "disagrees",
                                               "believes", "suggested", "suggests", "insists", "reckons", "asked",
                                               "asks", "offered", "told", "argues", "likes", "hates"};
  const auto at = answer.find(name);
  if (at == std::string_view::npos) return false;
  const auto after = util::words(util::ascii_lower(answer.substr(at + name.size(), 40)));
  for (std::size_t i = 0; i < after.size() && i < 4; ++i) {
    if (lexicon::one_of(std::string_view(after[i]), verbs)) return true;
  }
  return false;
}

// A plain name in an answer about a place or a tool is most likely one of
// those, unless the answer has it act as a person.
TermKind read_kind(const Detail& d, const Facet* facet, std::string_view answer) {
  if (d.kind != TermKind::name || facet == nullptr) return d.kind;
  if (acts_as_person(answer, d.text)) return TermKind::person;
  // "my pensions with Aviva and Scottish Widows": what one is with is a
  // provider or a company, not a place.
  if (facet->drill_on == TermKind::place) {
    const auto at = answer.find(d.text);
    if (at != std::string_view::npos && at >= 5 && util::ascii_lower(answer.substr(at - 5, 5)) == "with ") return d.kind;
  }
  // Only a facet that asks for places or tools makes a name one: in a
  // travel answer "Pokémon" is still not a place.
  // A plain name in a software answer stays a name: "a volunteer developer,
  // Tariq," and "show Bernadette the no-shows" name people; products read as
  // tools by their shape already ("PostgreSQL", "NVMe", "GitHub").
  if (facet->drill_on == TermKind::place || facet->drill_on == TermKind::tool) return facet->drill_on;
  return d.kind;
}

// True when `lower_text` holds `lower_term` as whole words ("aws" is not in "draws").
bool mentions(std::string_view lower_text, std::string_view lower_term) {
  const auto word_char = [](char ch) { return is_lower(ch) || is_digit(ch); };
  for (auto at = lower_text.find(lower_term); at != std::string_view::npos;
       at = lower_text.find(lower_term, at + 1)) {
    const std::size_t end = at + lower_term.size();
    const bool starts_word = at == 0 || !word_char(lower_text[at - 1]);
    const bool ends_word = end == lower_text.size() || !word_char(lower_text[end]);
    if (starts_word && ends_word) return true;
  }
  return false;
}

}  // namespace

bool already_followed_up(const Conversation& c, std::string_view term) {
  const auto lower = util::ascii_lower(term);
  return std::any_of(c.asked_follow_ups.begin(), c.asked_follow_ups.end(),
                     [&](const std::string& text) { return mentions(text, lower); });
}

namespace {

// "2019", "last March", "two years ago": a date already behind the person.
bool past_date(std::string_view term) {
  const auto lower = util::ascii_lower(term);
  if (mentions(lower, "last") || mentions(lower, "ago") || mentions(lower, "yesterday")) return true;
  if (lower.size() != 4 || !std::all_of(lower.begin(), lower.end(), is_digit)) return false;
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const int year = static_cast<int>(std::chrono::year_month_day(today).year());
  return std::stoi(lower) < year;
}

// Tasks where a past date is an event worth asking about, not a deadline.
bool dates_are_events(TaskType task) {
  return task == TaskType::diagnose || task == TaskType::dispute || task == TaskType::health;
}

// The lower-cased text right before the first mention of `term` in `text`,
// at most `width` bytes; nothing when `term` is not there.
std::optional<std::string> text_before(std::string_view text, std::string_view term, std::size_t width) {
  const auto lower = util::ascii_lower(text);
  const auto at = lower.find(util::ascii_lower(term));
  if (at == std::string::npos) return std::nullopt;
  const auto from = at >= width ? at - width : 0;
  return lower.substr(from, at - from);
}

// "by Friday", "before 1 June", "the deadline is March": a date to act by.
bool deadline_in(std::string_view text, std::string_view term) {
  const auto before = text_before(text, term, 24);
  if (!before) return false;
  for (const std::string_view marker : {"by ", "before ", "until ", "deadline", "due ", "no later than ", "ends ",
                                        "expires ", "runs out "}) {
    if (before->find(marker) != std::string::npos) return true;
  }
  return false;
}

// "they want an answer by 15 May", "I must decide before Friday": the date
// is the decision's own deadline, not the end of something else ("on
// parental leave until September").
bool decision_due(std::string_view text, std::string_view term) {
  const auto before = text_before(text, term, 60);
  if (!before) return false;
  auto sentence = std::string_view(*before);
  if (const auto end = sentence.find_last_of(".;!?"); end != std::string_view::npos) sentence = sentence.substr(end + 1);
  // "By Friday.": to act by, in an answer to when the decision is due.
  if (sentence.ends_with("by ") || sentence.ends_with("before ") || sentence.ends_with("no later than ")) {
    return sentence.find("until") == std::string_view::npos;
  }
  for (const std::string_view w : {"decide", "decision", "answer", "respond", "reply", "accept", "sign", "confirm",
                                   "let them know", "choose", "commit"}) {
    if (sentence.find(w) != std::string_view::npos) return true;
  }
  return false;
}

// "switched me from ramipril 5 mg to amlodipine": the medicine left behind.
bool previous_medicine(std::string_view text, std::string_view term) {
  const auto found = text_before(text, term, 12);
  if (!found || found->size() < 5) return false;
  const std::string_view before = *found;
  return before.ends_with("from ") || before.ends_with("stopped ") || before.ends_with("stopped taking ") ||
         before.ends_with("off ") || before.ends_with("instead of ");
}

// "my son Leo" in a conversation about a child: he is who it is about, so
// "How is your son Leo affected by this?" would be absurd.
bool about_the_child(const Conversation& c, std::string_view term) {
  if (!c.about_child &&
      (c.domains.empty() || (c.domains.front().name != "parenting" && c.domains.front().name != "education"))) {
    return false;
  }
  const std::string text(term);
  const auto words = tokenize(text);
  return std::any_of(words.begin(), words.end(), [](const Token& w) {
    const std::string_view plain = std::string_view(w.lower).substr(0, w.lower.ends_with("'s") ? w.lower.size() - 2 : w.lower.size());
    return people::is(people::Kind::child, "en", plain);
  });
}

// "My GP appointment is on 3 April", "we fly out next Friday": a date still ahead.
bool future_date(std::string_view text, std::string_view term) {
  const auto before = text_before(text, term, 30);
  if (!before) return false;
  for (const std::string_view marker : {"is on ", "will ", "next ", "appointment", "booked", "until ", "due ",
                                        "coming up", "scheduled", "going to ", "want to ", "would like to ",
                                        "hope to ", "plan to ", "planning to ", "visit on "}) {
    if (before->find(marker) != std::string::npos) return true;
  }
  return util::ascii_lower(term).starts_with("next ");
}

// Words in an answer that say a medicine was prescribed.
constexpr std::string_view kPrescribedCues[] = {"prescri", "put me on", "put her on", "put him on", "gave me",
                                                "started me on", "my doctor", "my gp", "the doctor", "the gp",
                                                "consultant", "the vet", "our vet", "my vet", "dosed by"};

// "her" or "him" for a relation that says which ("your wife", "your son
// Leo"); empty when it does not ("your partner Sam", "Jonas").
std::string_view object_pronoun(std::string_view person) {
  const auto lower = util::ascii_lower(person);
  const auto words = util::words(lower);
  for (const auto& w : words) {
    if (lexicon::one_of(std::string_view(w), {"wife", "mother", "mum", "mom", "sister", "daughter", "girlfriend",
                                             "grandmother", "grandma", "aunt", "niece", "fiancee", "fiancée",
                                             "stepdaughter", "stepmother", "landlady"})) {
      return "her";
    }
    if (lexicon::one_of(std::string_view(w), {"husband", "father", "dad", "brother", "son", "boyfriend", "grandfather",
                                             "grandpa", "uncle", "nephew", "fiance", "fiancé", "stepson", "stepfather"})) {
      return "him";
    }
  }
  return {};
}

// Medicines commonly bought without a prescription.
bool sold_over_the_counter(std::string_view term) {
  const auto lower = util::ascii_lower(term);
  for (const std::string_view name : {"ibuprofen", "paracetamol", "acetaminophen", "aspirin", "naproxen", "cetirizine",
                                      "loratadine", "antihistamine", "vitamin", "gaviscon", "rennie", "nurofen",
                                      "calpol", "tylenol", "advil"}) {
    if (lower.find(name) != std::string::npos) return true;
  }
  return false;
}

// True when one of `cues` appears within 30 + `after` characters of `text`
// starting 30 before `term` (or at the start of the text).
bool cue_around(std::string_view text, std::string_view term, std::size_t after,
                std::initializer_list<std::string_view> cues) {
  const auto lower = util::ascii_lower(text);
  const auto at = lower.find(util::ascii_lower(term));
  if (at == std::string::npos) return false;
  const auto around = std::string_view(lower).substr(at > 30 ? at - 30 : 0, 30 + after);
  return std::any_of(cues.begin(), cues.end(), [&](std::string_view cue) { return around.find(cue) != std::string_view::npos; });
}

// "that's a hard limit", "£2,500 max": the answer already says how firm an amount is.
bool firmness_stated(std::string_view text, std::string_view term) {
  return cue_around(text, term, 60,
                    {"hard limit", "firm limit", "absolute limit", "strict limit", "fixed budget", "absolute max", " max",
                     "maximum", "at most", "no more than", "not a penny more", "can't go over", "cannot go over",
                     "non-negotiable", "flexible", "flexibility", "roughly", "give or take", "is firm", "not stretching",
                     "won't stretch", "won't go above", "won't go over", "not going over", "not lower", "not less"});
}

// "QuickBooks integration would be nice but isn't essential", "it has to
// run on Windows": the answer already says whether a tool is required.
bool requirement_stated(std::string_view text, std::string_view term) {
  return cue_around(text, term, 110,
                    {"would be nice", "nice to have", "nice-to-have", "not essential", "isn't essential", "optional",
                     "not required", "isn't required", "has to", "have to", "must", "essential", "required",
                     "don't need", "do not need", "no need"});
}

// "a budget of £900", "I can afford £450 a month", "up to €300": an amount
// the person has to spend, whose firmness is worth asking.
bool budget_near(std::string_view text, std::string_view term) {
  return cue_around(text, term, 40,
                    {"budget", "afford", "up to", "spend", "limit", "at most", "no more than", "max", "can put",
                     "set aside", "put aside", "have saved", "given me", "willing to pay", "prepared to pay",
                     "happy to pay", "could pay", "can pay", "cope with", "ceiling"}) &&
         !cue_around(text, term, 30, {"costs", "cost me", "quoted", "price", "paid", "charged", "per hour",
                                      "an hour", "per family", "per person", "earn", "salary", "income"});
}

// "the church costs £180", "he quoted £150", "£15 an hour": what something costs.
bool price_near(std::string_view text, std::string_view term) {
  return cue_around(text, term, 30,
                    {"cost", "quoted", "quote", "price", "priced", "charge", "fee", "paid", "pay ", "for £", "for $",
                     "for €", "per hour", "an hour", "a night", "per night", "per person", "each", "per month",
                     "a month", "per year", "a year", "rent", "bill", "invoice", "deposit"});
}

// "ongoing charges £41", "a platform fee of £83": an amount that is a charge.
bool charge_near(std::string_view text, std::string_view term) {
  const auto before = text_before(text, term, 30);
  if (!before) return false;
  for (const std::string_view marker : {"fee", "charge", "cost", "statement", "bill", "payslip", "deduct", "tax",
                                        "invoice", "premium", "interest", "commission"}) {
    if (before->find(marker) != std::string::npos) return true;
  }
  return false;
}

// "£78,000 left on the mortgage", "we earn about £78,000 a year": an amount
// owed or earned, which no one "arrived at as a target".
bool balance_near(std::string_view text, std::string_view term) {
  return cue_around(text, term, 50,
                    {"owe", "outstanding", "left on", "remaining", "balance", "borrowed", "still to pay", "mortgage of",
                     "loan of", "earn", "salary", "income", "take home", "take-home", "a year combined", "per year",
                     "a year before tax"});
}

// "I've looked at the Ribble Hybrid AL e and the Cube", "thinking of a
// Roborock": a product already being weighed.
bool candidate_near(std::string_view text, std::string_view term) {
  const auto before = text_before(text, term, 40);
  if (!before) return false;
  for (const std::string_view marker : {"looked at", "looking at", "considering", "thinking of", "thinking about",
                                        "between", "or the", "eyeing", "recommended", "shortlist", "tried the",
                                        "seen the", "like the", "choice of"}) {
    if (before->find(marker) != std::string::npos) return true;
  }
  return false;
}

// "My physiotherapist, Gary, says ...", "our home insurer, Aviva,": the
// answer already says who the name is, so "what part does Gary play?" would
// ask it again.
bool role_given(std::string_view text, std::string_view term) {
  const auto found = text_before(text, term, 40);
  if (!found || found->size() < 4) return false;
  const std::string_view before = *found;
  if (!before.ends_with(", ")) return false;
  const auto clause_start = before.find_last_of(".;:!?");
  const auto clause = before.substr(clause_start == std::string_view::npos ? 0 : clause_start + 1);
  for (const std::string_view owner : {"my ", "our ", "his ", "her ", "their ", "the "}) {
    if (clause.find(owner) != std::string_view::npos) return true;
  }
  return false;
}

// "a Plan 2 student loan", "my 2019 Toyota Corolla", "a company pension with
// Irish Life": a name the answer already places as a kind, a model or a
// provider of something the person has; "what part does it play?" would
// ask what was just said.
bool placed_by_article(std::string_view text, std::string_view term) {
  const auto found = text_before(text, term, 32);
  if (!found) return false;
  auto words = util::words(*found);
  if (found->size() == 32 && !words.empty() && found->front() != ' ') words.erase(words.begin());  // a cut word
  if (words.empty()) return false;
  const auto owned = [](const std::string& w) { return w == "a" || w == "an" || w == "my" || w == "our"; };
  const auto& last = words.back();
  if (owned(last) || last == "his" || last == "her") return true;
  // "a 2019 Toyota", "a 9-year-old Silentnight": an article and one modifier.
  if (words.size() >= 2) {
    const bool modifier = lexicon::is_digit(last.front()) || last.ends_with("-old");
    if (modifier && owned(words[words.size() - 2])) return true;
  }
  // "a company pension with Irish Life"
  if (last == "with" && words.size() >= 3) {
    const auto from = words.end() - static_cast<std::ptrdiff_t>(std::min<std::size_t>(words.size(), 5));
    return std::any_of(from, words.end() - 1, owned);
  }
  return false;
}

// "I admire Claire Keegan", "in the style of Roald Dahl", "a fan of
// Tolkien": a name the person looks up to or borrows from, not one in the
// story or the situation.
bool influence(std::string_view text, std::string_view term) {
  const auto found = text_before(text, term, 24);
  if (!found) return false;
  for (const std::string_view w : {"admire ", "love ", "like ", "inspired by ", "style of ", "fan of ", "such as ",
                                   "read ", "reading ", "influenced by ", "favourite ", "favorite "}) {
    if (found->ends_with(w)) return true;
  }
  return false;
}

// "a couple from Utrecht", "the ferry from Rotterdam to Hull": where the
// person starts from or passes through, not where they want to be.
bool origin_or_route(std::string_view text, std::string_view term) {
  const auto found = text_before(text, term, 20);
  return found && found->find("from ") != std::string::npos;
}

// "the drain is 20 metres away": a distance describes; it is no number to
// hold firm.
bool distance(std::string_view term) {
  const auto lower = util::ascii_lower(term);
  for (const std::string_view unit : {" metres", " meters", " metre", " meter", " m", " km", " kilometres",
                                      " kilometers", " miles", " mile", " feet", " ft", " cm", " yards"}) {
    if (lower.ends_with(unit)) return true;
  }
  return false;
}

// "we don't use Redis Cluster", "no Kafka here": what the person says is
// absent is not followed up as if it were there.
bool negated(std::string_view text, std::string_view term) {
  const auto found = text_before(text, term, 24);
  if (!found) return false;
  auto before = std::string_view(*found);
  if (const auto clause = before.find_last_of(".,;:!?"); clause != std::string_view::npos) {
    before = before.substr(clause + 1);
  }
  for (const auto& w : util::words(before)) {
    if (w == "not" || w == "no" || w == "never" || w == "without" || w == "nor" || w.ends_with("n't") ||
        w == "dont" || w == "doesnt" || w == "didnt" || w == "isnt" || w == "arent" || w == "wont") {
      return true;
    }
  }
  return false;
}

// "turned 4 in January", "born in 2019": a birthday is not when a problem began.
bool birthday(std::string_view text, std::string_view term) {
  const auto found = text_before(text, term, 20);
  if (!found) return false;
  return found->find("turned ") != std::string::npos || found->find("born") != std::string::npos ||
         found->find("birthday") != std::string::npos;
}

// "40 tickets", "3 complaints", "40 million rows": a count of what a fault
// produced or a job handles.
bool consequence_count(std::string_view term) {
  const auto lower = util::ascii_lower(term);
  for (const std::string_view w : {"ticket", "complaint", "call", "email", "message", "row", "record", "error",
                                   "alert", "report", "request", "minute", "hour", "second", "day", "time", "attempt"}) {
    if (lower.ends_with(std::string(w) + "s") || lower.ends_with(w)) return true;
  }
  return false;
}

// "Monday to Saturday", "Mon-Fri": a span of weekdays is a schedule.
bool weekday_range(std::string_view text, std::string_view term) {
  const auto lower = util::ascii_lower(term);
  if (!lexicon::one_of(std::string_view(lower), lexicon::kWeekdays) &&
      !lexicon::one_of(std::string_view(lower), lexicon::kWeekdayAbbreviations)) {
    return false;
  }
  const auto at = util::ascii_lower(text).find(lower);
  if (at == std::string::npos) return false;
  const auto rest = util::ascii_lower(text.substr(at + term.size(), 6));
  const auto before = util::ascii_lower(text.substr(at >= 3 ? at - 3 : 0, at >= 3 ? 3 : at));
  return rest.starts_with(" to ") || rest.starts_with("-") || rest.starts_with(" - ") || before.ends_with("to ") ||
         before.ends_with("-");
}

// Up to two drill-downs on one answer, the facet's own kind of detail first.
std::vector<FollowUp> drills_for_answer(const Conversation& c, const AnswerReading& reading, const Facet* facet,
                                        std::string_view text) {
  std::map<TermKind, std::vector<std::string>> by_kind;
  for (const auto& d : reading.details) by_kind[read_kind(d, facet, text)].push_back(d.text);
  // The relative whose health it is is the one asked about throughout, not
  // a witness to it ("Has your dad noticed anything that you haven't?").
  if (!c.relative.empty() && by_kind.count(TermKind::person) != 0) {
    const std::string relation = c.relative.substr(c.relative.find(' ') + 1);
    std::erase_if(by_kind[TermKind::person], [&](const std::string& term) {
      return util::ascii_lower(term).find(relation) != std::string::npos;
    });
  }
  // Someone named with their own diagnosis or death ("my grandmother was
  // diagnosed with Alzheimer's") is family history, not a witness to ask.
  if (c.request.task == TaskType::health && by_kind.count(TermKind::person) != 0) {
    const std::string lower_text = util::ascii_lower(text);
    std::erase_if(by_kind[TermKind::person], [&](const std::string& term) {
      const std::string lower_term = util::ascii_lower(term);
      const auto at = lower_text.find(lower_term.substr(lower_term.rfind(' ') + 1));  // "your grandmother" -> "grandmother"
      if (at == std::string::npos) return false;
      const std::string_view after = std::string_view(lower_text).substr(at, 80);
      return after.find("diagnosed") != std::string_view::npos || after.find(" died") != std::string_view::npos ||
             after.find("passed away") != std::string_view::npos;
    });
  }
  // A plain name comes in only as the facet's own kind of detail (below).
  std::vector<TermKind> order = {TermKind::medication, TermKind::owed, TermKind::person,   TermKind::rate,
                                 TermKind::money,      TermKind::place, TermKind::tool,    TermKind::date,
                                 TermKind::duration,   TermKind::quantity};
  // The facet's own kind of detail next, after the roles that must never wait
  // (a medicine, a debt, a person named).
  if (facet != nullptr && facet->drill_on != TermKind::none) {
    std::erase(order, facet->drill_on);
    order.insert(order.begin() + 3, facet->drill_on);
  }
  std::vector<FollowUp> out;
  for (const auto kind : order) {
    const auto it = by_kind.find(kind);
    if (it == by_kind.end() || out.size() == 2) continue;
    auto terms = it->second;
    terms.erase(std::remove_if(terms.begin(), terms.end(),
                               [&](const std::string& t) {
                                 if (kind == TermKind::date && !dates_are_events(c.request.task) && past_date(t)) {
                                   return true;  // "How fixed is 2019?" asks about the past as if a deadline
                                 }
                                 if (kind == TermKind::medication && previous_medicine(text, t)) return true;
                                 if (kind == TermKind::person && about_the_child(c, t)) return true;
                                 if (kind == TermKind::name &&
                                     (role_given(text, t) || placed_by_article(text, t) || influence(text, t))) {
                                   return true;
                                 }
                                 if (negated(text, t)) return true;
                                 if (kind == TermKind::place && origin_or_route(text, t)) return true;
                                 if (kind == TermKind::quantity && distance(t)) return true;
                                 // "0 consumers": nothing to ask whether all of it is affected.
                                 if (kind == TermKind::quantity && t.starts_with("0 ")) return true;
                                 // "40 tickets", "40 million rows": what the fault caused or
                                 // touched, not a set of things it may affect only some of.
                                 if (kind == TermKind::quantity && c.request.task == TaskType::diagnose &&
                                     consequence_count(t)) {
                                   return true;
                                 }
                                 // "Monday to Saturday": opening hours, not a date.
                                 if (kind == TermKind::date && weekday_range(text, t)) return true;
                                 if (kind == TermKind::date && birthday(text, t)) return true;
                                 // "Has it changed since 3 April?" of an appointment still to
                                 // come, "What else was going on around 12 October?" of a visit.
                                 if (kind == TermKind::date &&
                                     (c.request.task == TaskType::health || c.request.task == TaskType::diagnose) &&
                                     future_date(text, t)) {
                                   return true;
                                 }
                                 return already_followed_up(c, t);
                               }),
                terms.end());
    if (terms.empty()) continue;
    if (kind != TermKind::place) terms.resize(1);  // places read well as a list; other details do not
    if (terms.size() > 3) terms.resize(3);
    const std::string id = facet != nullptr ? "drill:" + std::string(facet->id) : "drill:answer";
    const bool deadline = kind == TermKind::date && deadline_in(text, terms.front()) &&
                          (c.request.task != TaskType::decide || decision_due(text, terms.front()));
    FollowUp f{id, facet, kind, join_terms(terms), c.request.task, deadline};
    f.ends = kind == TermKind::date && deadline_in(text, terms.front());
    if (!c.domains.empty()) f.domain = c.domains.front().name;
    // "a 6-year-old female Netherland dwarf": the answer gave the age.
    const auto lower_text = util::ascii_lower(text);
    f.age_given = lower_text.find("-year-old") != std::string::npos ||
                  lower_text.find("years old") != std::string::npos || lower_text.find("aged ") != std::string::npos;
    f.charge = kind == TermKind::money && charge_near(text, terms.front());
    f.budget = kind == TermKind::money && budget_near(text, terms.front());
    f.price = kind == TermKind::money && price_near(text, terms.front());
    f.inclusion_given = kind == TermKind::money && cue_around(text, terms.front(), 50, {"includ", "covers", "all in"});
    f.balance = kind == TermKind::money && balance_near(text, terms.front());  // owed or earned
    f.firmness_given = ((kind == TermKind::money || kind == TermKind::quantity) && firmness_stated(text, terms.front())) ||
                       (kind == TermKind::tool && requirement_stated(text, terms.front()));
    f.candidate = kind == TermKind::tool && candidate_near(text, terms.front());
    // Prescribed when the answer naming the medicine says so ("my GP put me
    // on lisinopril"): a GP seen once about it is no prescriber of the
    // ibuprofen taken "most days".
    const bool over_the_counter = kind == TermKind::medication && sold_over_the_counter(terms.front());
    f.prescribed = std::any_of(std::begin(kPrescribedCues), std::end(kPrescribedCues),
                               [&](std::string_view cue) { return lower_text.find(cue) != std::string::npos; }) ||
                   (!over_the_counter &&
                    (c.evidence.contains_prefix("prescri") || c.evidence.contains("doctor") || c.evidence.contains("gp") ||
                     c.evidence.contains_prefix("clinic") || c.evidence.contains("consultant")));
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

bool probe_fits(ProbeKind kind, TaskType task) {
  const bool weighs = task == TaskType::none || task == TaskType::plan || task == TaskType::buy ||
                      task == TaskType::specify || task == TaskType::learn || task == TaskType::decide ||
                      task == TaskType::change;
  switch (kind) {
    case ProbeKind::worry: return true;
    case ProbeKind::limit: return weighs || task == TaskType::diagnose;
    case ProbeKind::reservation: return task == TaskType::decide || task == TaskType::change;
    case ProbeKind::obstacle: return task == TaskType::decide || task == TaskType::change;
    case ProbeKind::unknown: return task != TaskType::write;
  }
  return false;
}

namespace {

std::vector<FollowUp> probes_for_answer(const Conversation& c, std::string_view text, const Facet* facet) {
  std::vector<FollowUp> out;
  if (c.language != "en") return out;
  for (auto& p : answer_probes(text)) {
    if (!probe_fits(p.kind, c.request.task) || already_followed_up(c, p.clause)) continue;
    // "You said you need to decide by 20 June" after "What happens if you
    // have not decided by 20 June?": the clause's date or amount was asked.
    const auto details = extract_details(p.clause);
    if (std::any_of(details.begin(), details.end(), [&](const Detail& d) {
          return d.kind != TermKind::name && already_followed_up(c, d.text);
        })) {
      continue;
    }
    const std::string id = "probe:" + std::string(facet != nullptr ? facet->id : std::string_view("answer"));
    FollowUp f{id, facet, TermKind::none, std::move(p.clause), c.request.task};
    f.probe = p.kind;
    out.push_back(std::move(f));
  }
  return out;
}

// Only this many of the latest answers are followed up; older ones had their turn.
constexpr std::size_t kAnswersFollowedUp = 12;

}  // namespace

std::vector<PlannedQuestion> follow_up_questions(const FollowUp& f, std::string_view language) {
  if (language != "en") return foreign_follow_up_questions(f, language);
  if (f.probe) return probe_questions(f);
  if (f.reword) {
    // The facet's short subject and why it matters, in plain words.
    constexpr std::string_view simpler = "Let me put that another way: what can you tell me about {term}?";
    return {{finish_question(fill(simpler, std::string_view("{term}"), f.facet->subject)),
             f.facet_id, std::string(f.facet->importance), std::string(f.facet->look_for)}};
  }
  const DrillWording& w = wording_for(f.kind);
  std::vector<std::string_view> templates;
  // A decision's deadline facet asks its own wording only of a date to decide by.
  const bool deadline_facet_off = f.facet != nullptr && f.facet->id == "decide.deadline" && f.kind == TermKind::date &&
                                  !f.deadline;
  // "We owe £78,000 on it", "we earn £78,000 a year": no target to have arrived at.
  const bool balance_as_target = f.balance && f.facet != nullptr && f.facet->drill.find("target") != std::string_view::npos;
  if (f.kind != TermKind::none && f.facet != nullptr && f.facet->drill_on == f.kind && !f.facet->drill.empty() &&
      !deadline_facet_off && !balance_as_target && !(f.age_given && f.facet->drill.starts_with("How old"))) {
    templates.push_back(f.facet->drill);
  }
  // In a piece of writing, the people named are mostly those who help or
  // judge it (an illustrator, a teacher): only a facet's own wording asks
  // about them.
  if (f.kind == TermKind::person && f.task == TaskType::write && templates.empty()) return {};
  // A task's own wording replaces the generic one, which may read as a
  // preference ("is that a firm requirement?") where it is evidence.
  bool task_worded = false;
  // A decision's own deadline: what happens if it passes.
  if (f.deadline && f.task == TaskType::decide) {
    templates.insert(templates.begin(), "What happens if you have not decided by {term} — could it be extended?");
    task_worded = true;
  }
  // Something else ending on a date ("my current deal ends in March")
  // bounds the decision too.
  if (f.ends && f.task == TaskType::decide && !f.deadline) {
    templates.insert(templates.begin(), "What happens when {term} comes — do you need to have decided before then?");
    task_worded = true;
  }
  // A charge in something to be explained ("ongoing charges £41") is a line
  // to explain: the period it covers and what it pays for. Savings or a
  // salary mentioned beside it are not.
  if (f.task == TaskType::understand && f.kind == TermKind::money && f.facet_id != "drill:request" && f.charge) {
    templates.insert(templates.begin(),
                     "Is the {term} for a month, a year or a one-off, and do you know what exactly it is charged for?");
    task_worded = true;
  }
  // A product the person is already looking at is a candidate to weigh, not
  // a requirement ("I've looked at the Ribble Hybrid AL e").
  if (f.task == TaskType::buy && f.kind == TermKind::tool && f.candidate) {
    templates.insert(templates.begin(), "What draws you to {term}, and is there anything that puts you off it?");
    task_worded = true;
  }
  // A dispute's deadline ("the discount ends next Thursday") is still to
  // come: nothing "happened" then.
  if (f.deadline && f.task == TaskType::dispute && f.kind == TermKind::date) {
    templates.insert(templates.begin(), "What has to be done by {term}, and what happens if it is missed?");
    task_worded = true;
  }
  // Places are weighed as options only where places are what is chosen: a
  // trip, an event, a move, a job or a school ("Peru and Bolivia" in a
  // choice of travel insurance are where the person goes, not options).
  // (A career change is of work, not of place: the Birmingham a teacher lives
  // in is no destination.)
  const bool places_chosen = f.domain == "travel" || f.domain == "events" || f.domain == "relocation" ||
                             (f.domain == "career" && f.task != TaskType::change) || f.domain == "education" ||
                             f.domain == "home";
  for (const auto& d : task_drills()) {
    if (task_worded || d.task != f.task || d.kind != f.kind) continue;
    if (d.kind == TermKind::place && !places_chosen) continue;
    // The costs of a change are a move's or a new job's ("once taxes and
    // housing are counted"), not an on-call allowance's.
    if (d.task == TaskType::change && d.kind == TermKind::money && f.domain != "relocation" && f.domain != "career") {
      continue;
    }
    templates.insert(templates.begin(), d.templates.begin(), d.templates.end());
    task_worded = true;
  }
  // The generic wordings of amounts, dates, numbers and tools ask how firm they
  // are: right for a plan or a purchase, wrong for a fault, a dispute, a
  // health concern, an explanation or a piece of writing, where such a detail
  // is a fact to understand. There only the facet's own follow-up is used.
  const bool firmness = f.task == TaskType::none || f.task == TaskType::plan || f.task == TaskType::buy ||
                        f.task == TaskType::specify || f.task == TaskType::learn || f.task == TaskType::decide ||
                        f.task == TaskType::change;
  const bool factual_kind = f.kind == TermKind::money || f.kind == TermKind::date || f.kind == TermKind::duration ||
                            f.kind == TermKind::quantity || f.kind == TermKind::tool || f.kind == TermKind::place;
  // A detail of the request itself is picked up only where the task has a
  // wording for it: "Japan" in "plan a trip to Japan" is settled, not a doubt.
  if (f.facet_id == "drill:request" && !task_worded) return {};
  // "What draws you to Glasgow, would you consider alternatives?" fits a trip
  // or a move, not where someone simply lives.
  // ... and only where places are what is being chosen: a trip, an event,
  // a move, or a facet that asked for places ("Aldi and Manchester" in a
  // meal plan are not destinations).
  const bool place_domain = f.domain == "travel" || f.domain == "events" || f.domain == "relocation" ||
                            (f.facet != nullptr && f.facet->drill_on == TermKind::place);
  const bool place_is_choice = place_domain && (f.task == TaskType::plan || f.task == TaskType::decide ||
                                                f.task == TaskType::change || f.task == TaskType::buy);
  // A career change is of work: where the person lives is no destination.
  if (f.kind == TermKind::place && f.task == TaskType::change && f.domain == "career") return {};
  // In software and operations a capitalised name is a product or a
  // service, never a place ("moving from Heroku to AWS").
  if (f.kind == TermKind::place && (f.domain == "software" || f.domain == "operations")) return {};
  // "those a week": an amount written with an article reads wrong in any
  // wording made for a number.
  {
    const auto lower = util::ascii_lower(f.term);
    if ((f.kind == TermKind::duration || f.kind == TermKind::quantity) &&
        (lower.starts_with("a ") || lower.starts_with("an "))) {
      return {};
    }
  }
  // A tool outside software, operations and purchases is rarely one the
  // person chose ("What do you rely on RPI for?", "... on AOW?"), and units
  // and percentiles are no tools at all ("mmol/L", "p95").
  if (f.kind == TermKind::tool) {
    const auto lower = util::ascii_lower(f.term);
    const bool unit = lower.find('/') != std::string::npos ||
                      (lower.size() >= 2 && lower.front() == 'p' &&
                       std::all_of(lower.begin() + 1, lower.end(), [](char ch) { return ch >= '0' && ch <= '9'; }));
    // A reading or a test in a health concern ("HbA1c") is no tool either.
    const bool body = f.domain == "health" || f.domain == "pets" || f.domain == "parenting" || f.domain == "fitness";
    const bool tool_domain = f.domain == "software" || f.domain == "operations" || f.domain == "purchasing" ||
                             f.task == TaskType::specify || f.task == TaskType::buy ||
                             (f.task == TaskType::diagnose && !body);
    // "MSc", "PhD", "GCSEs": a qualification, not a tool; "CPU", "RAM": what
    // a metric measures; "CTO", "HR": a role.
    const bool degree = lexicon::one_of(std::string_view(lower), {"msc", "bsc", "phd", "mba", "mphil", "meng", "ba",
                                                                  "ma", "bs", "ms", "gcse", "gcses", "llm", "mres",
                                                                  "cpu", "ram", "gpu", "iops", "ssd", "hdd", "cto",
                                                                  "ceo", "cfo", "coo", "vp", "hr", "pm", "qa"});
    // "EXC_BAD_ACCESS", "ERR_CONNECTION_RESET": an error code is evidence, not a tool.
    const bool error_code = f.term.find('_') != std::string::npos;
    if (unit || degree || error_code || !tool_domain) return {};
  }
  // "two founders", "one night": a small count is a fact, never an estimate
  // to firm up ("a day" and "an hour" were set aside above).
  const auto lower_term = util::ascii_lower(f.term);
  const bool small_amount = (f.kind == TermKind::quantity || f.kind == TermKind::duration) &&
                            (lower_term.starts_with("one ") || lower_term.starts_with("two ") ||
                             lower_term.starts_with("0 ") || lower_term.starts_with("1 ") ||
                             lower_term.starts_with("2 "));
  const bool place_as_preference = f.kind == TermKind::place && !place_is_choice && !task_worded;
  if (!task_worded && !place_as_preference && (firmness || !factual_kind)) {
    // A tool is a requirement to weigh only where tools are being chosen
    // (a purchase, a specification, a plan): "You mentioned QA — is that a
    // firm requirement?" is absurd in a conversation about meetings.
    const bool tool_is_choice = f.task == TaskType::buy || f.task == TaskType::specify || f.task == TaskType::plan;
    // Whether a date or a length of time is fixed is worth asking of a
    // deadline, or where dates are being planned; elsewhere it is a fact
    // ("How fixed is summer?", "Is 20 years a firm figure?").
    const bool dates_planned = f.task == TaskType::plan || f.task == TaskType::specify || f.task == TaskType::buy;
    const bool firm_time = (f.kind != TermKind::date && f.kind != TermKind::duration) || f.deadline || dates_planned;
    // "How fixed is summer?", "Is there a particular reason for next year?":
    // a season, a month or a year alone is an aim, not a date that could
    // move; what must be ready by then is asked instead.
    const bool loose_date = [&] {
      if (f.kind != TermKind::date || std::any_of(f.term.begin(), f.term.end(), is_digit)) return false;
      for (const std::string_view day : lexicon::kWeekdays) {
        if (lower_term.find(day) != std::string::npos) return false;
      }
      return true;
    }();
    // "Tuesday" alone is a day of the week things happen on, not a date to move.
    const bool weekday = f.kind == TermKind::date && !f.deadline &&
                         lexicon::one_of(std::string_view(lower_term), lexicon::kWeekdays);
    // An amount's generic wordings fit its role: only a budget is a limit
    // ("Is the £42k you mentioned a firm limit?" of a salary) or covers
    // something, only a price is quoted or has extras; a salary or a
    // balance on an account gets none of them.
    const auto fits = [&](Needs needs) {
      switch (needs) {
        case Needs::any: return true;
        case Needs::budget: return f.budget;
        case Needs::price: return f.price;
        case Needs::price_inclusion_unknown: return f.price && !f.budget && !f.inclusion_given;
        case Needs::tool_choice: return tool_is_choice;
        case Needs::what_in_place: return true;
      }
      return false;
    };
    for (const auto& t : w.templates) {
      if (!fits(t.needs) || (f.kind == TermKind::money && f.balance)) continue;
      if (loose_date && t.needs != Needs::what_in_place) continue;
      if (weekday) continue;
      if (small_amount || !firm_time) continue;
      templates.push_back(t.text);
    }
  }
  std::string term = f.kind == TermKind::none ? std::string(f.facet->subject) : quotable(f.term);
  // "Sorcha's idea": the person is Sorcha ("What has Sorcha's said?").
  if ((f.kind == TermKind::name || f.kind == TermKind::person) && term.find(' ') == std::string::npos &&
      term.ends_with("'s")) {
    term.resize(term.size() - 2);
  }
  // "Late September, flexible ...": the capital only began the person's sentence.
  if (f.kind == TermKind::date && term.find(' ') != std::string::npos) {
    lower_sentence_start(term, {"late", "early", "mid", "end", "beginning", "start", "the", "next", "last", "this"});
  }
  // An amount that began the person's sentence ("Two adults") is not a name:
  // inside a question it reads "the two adults".
  const bool amount = f.kind == TermKind::quantity || f.kind == TermKind::money || f.kind == TermKind::duration;
  if (amount) lower_sentence_start(term, {});
  // "Over an hour, has it been getting better?": how a health concern has
  // gone is asked over days or longer, never over an hour ("an hour after
  // dinner" is when, not how long).
  if (f.task == TaskType::health && f.kind == TermKind::duration) {
    const auto lower = util::ascii_lower(f.term);
    if (lower.find("hour") != std::string::npos || lower.find("min") != std::string::npos) return {};
  }
  // Whether a prescriber knows is asked first only where one is in the
  // picture: ibuprofen bought at a pharmacy has none.
  if (f.kind == TermKind::medication && !f.prescribed) {
    std::stable_partition(templates.begin(), templates.end(),
                          [](std::string_view t) { return t.find("prescribed") == std::string_view::npos; });
  }
  // A son or a daughter in a plan is someone to plan around ("Our daughter
  // Maya (8) is lactose intolerant"), not a party to a choice.
  if (f.kind == TermKind::person && f.task != TaskType::decide && f.task != TaskType::change) {
    const auto words = util::words(util::ascii_lower(f.term));
    const bool child = std::any_of(words.begin(), words.end(), [](const std::string& w) {
      return people::is(people::Kind::child, "en", w);
    });
    if (child) {
      std::stable_partition(templates.begin(), templates.end(),
                            [](std::string_view t) { return t.starts_with("Is there anything about"); });
    }
  }
  // An animal's medicine is given to it, and the vet prescribed it.
  if (f.kind == TermKind::medication && f.domain == "pets") {
    templates = {"How long has your pet been on {term}, and has the dose changed recently?",
                 "Does your vet know about what you're seeing now, given the {term}?"};
  }
  // A figure the answer already called firm or flexible is not asked how firm it is.
  if (f.firmness_given) {
    std::erase_if(templates, [](std::string_view t) {
      return t.find("firm") != std::string_view::npos || t.find("flexib") != std::string_view::npos;
    });
    if (templates.empty()) return {};
  }
  // "How does your parents see this?": the verb agrees with people named together.
  const bool plural_people = [&] {
    if (f.kind != TermKind::person) return false;
    const auto lower = util::ascii_lower(term);
    if (lower.find(" and ") != std::string::npos) return true;
    for (const std::string_view w : {"parents", "kids", "children", "sons", "daughters", "grandparents", "neighbours",
                                     "neighbors", "colleagues", "friends", "siblings", "twins", "in-laws"}) {
      if (lower.ends_with(w)) return true;
    }
    return false;
  }();
  std::vector<PlannedQuestion> out;
  for (const auto t : templates) {
    std::string pattern(t);
    if (plural_people) {
      for (const auto& [singular, plural] : {std::pair<std::string_view, std::string_view>{"does {term}", "do {term}"},
                                             {"has {term}", "have {term}"}, {"Has {term}", "Have {term}"},
                                             {"{term}'s", "{term}'"}}) {
        if (const auto at = pattern.find(singular); at != std::string::npos) pattern.replace(at, singular.size(), plural);
      }
    }
    // "How does your wife feel about it, and what would it mean for them?": her.
    if (f.kind == TermKind::person && !plural_people) {
      const std::string_view pronoun = object_pronoun(term);
      if (!pronoun.empty()) {
        for (const std::string_view them : {" for them?", " for them,", " them?"}) {
          if (const auto at = pattern.find(them); at != std::string::npos) {
            pattern.replace(at, them.size(), std::string(them).replace(them.find("them"), 4, pronoun));
          }
        }
      }
    }
    std::string text = fill(pattern, "{term}", term);
    // "all two machines" reads "both machines".
    for (const std::string_view two : {"all two ", "all 2 "}) {
      if (const auto at = text.find(two); at != std::string::npos) {
        text.replace(at, two.size(), "both ");
        if (const auto some = text.find("only some of them"); some != std::string::npos) {
          text.replace(some, std::string_view("only some of them").size(), "only one of them");
        }
      }
    }
    out.push_back({finish_question(std::move(text)), f.facet_id, std::string(w.importance), std::string(w.look_for)});
  }
  return out;
}

std::vector<FollowUp> follow_ups(const PlanRequest& request, const Conversation& c) {
  // Other languages are read by what each marks plainly, never by the
  // English reading of names, places and dates.
  if (c.language != "en") return foreign_follow_ups(request, c);
  std::map<int, const AskedQuestion*> by_number;
  for (const auto& q : request.asked) by_number[q.number] = &q;
  std::vector<FollowUp> clarifications;
  std::vector<std::vector<FollowUp>> drills;
  const std::size_t oldest = request.answers.size() > kAnswersFollowedUp ? request.answers.size() - kAnswersFollowedUp : 0;
  for (std::size_t i = request.answers.size(); i-- > oldest;) {
    const auto& a = request.answers[i];
    const AskedQuestion* q = nullptr;
    if (a.question_number) {
      const auto it = by_number.find(*a.question_number);
      if (it != by_number.end()) q = it->second;
    }
    // An answer to a follow-up is followed up too, by the details it adds
    // (a detail already asked about is not asked again), but a vague answer
    // to a follow-up is not pressed a second time.
    const bool answers_follow_up = q != nullptr && is_follow_up_id(q->facet_id);
    const Facet* facet = nullptr;
    if (q != nullptr) {
      const std::string_view id = q->facet_id;
      facet = find_facet(answers_follow_up ? id.substr(id.find(':') + 1) : id);
    }
    const auto tone = c.readings[i].tone;
    // The closing catch-all (priority 10) has nothing to clarify.
    if (tone == AnswerTone::tentative && !answers_follow_up && facet != nullptr && facet->priority < 10) {
      const std::string id = "clarify:" + std::string(facet->id);
      const bool pending = std::any_of(clarifications.begin(), clarifications.end(),
                                       [&](const FollowUp& f) { return f.facet_id == id; });
      if (c.asked_ids.count(id) == 0 && !pending) {
        clarifications.push_back({id, facet, TermKind::none, "", c.request.task});
      }
    } else if (tone == AnswerTone::confused && !answers_follow_up && facet != nullptr && facet->priority < 10 &&
               c.language == "en") {
      // "I don't understand this question": asked once more, more simply;
      // not understood again, it is dropped (never asked a third time).
      const std::string id = "reword:" + std::string(facet->id);
      const bool pending = std::any_of(clarifications.begin(), clarifications.end(),
                                       [&](const FollowUp& f) { return f.facet_id == id; });
      if (c.asked_ids.count(id) == 0 && !pending) {
        FollowUp f{id, facet, TermKind::none, "", c.request.task};
        f.reword = true;
        clarifications.push_back(std::move(f));
      }
    } else if (tone == AnswerTone::substantive) {
      drills.push_back(drills_for_answer(c, c.readings[i], facet, a.text));
      // What the person worried about comes before the answer's details:
      // it is often what the answer has to address first. After the first
      // detail, what they set as a limit or said "but" to is reflected back.
      auto& list = drills.back();
      std::size_t worries = 0;
      for (auto& p : probes_for_answer(c, a.text, facet)) {
        const std::size_t at = p.probe == ProbeKind::worry ? worries++ : std::min<std::size_t>(list.size(), worries + 1);
        list.insert(list.begin() + static_cast<std::ptrdiff_t>(at), std::move(p));
      }
    }
  }
  // Before any answer, the request's own details are worth picking up: "every
  // night around 2am" leads to what else runs then.
  if (request.answers.empty() && !util::trim(request.context).empty()) {
    auto from_request = drills_for_answer(c, read_answer(request.context), nullptr, request.context);
    for (auto& f : from_request) f.facet_id = "drill:request";
    drills.push_back(std::move(from_request));
  }
  // The newest answers first (the loop above went from newest to oldest).
  std::vector<FollowUp> out = std::move(clarifications);
  std::set<std::string> terms_taken;
  for (std::size_t round = 0; round < 3; ++round) {
    for (const auto& list : drills) {
      if (round >= list.size()) continue;
      if (terms_taken.insert(util::ascii_lower(list[round].term)).second) out.push_back(list[round]);
    }
  }
  return out;
}

}  // namespace sq::questioning::planning
