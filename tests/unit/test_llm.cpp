// Tests for the LLM provider's pure parts: reading a model's reply as a batch
// (strictly, with repair of the usual deviations), the prompt, configuration
// from the environment, and keeping the API key out of messages.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "llm/client.hpp"
#include "llm/config.hpp"
#include "llm/question_generator.hpp"

using namespace sq::llm;

namespace {

std::vector<std::string> texts(const sq::questioning::GeneratedBatch& b) {
  std::vector<std::string> out;
  for (const auto& q : b.questions) out.push_back(q.text);
  return out;
}

bool malformed(const std::string& reply) {
  try {
    parse_question_batch(reply, 5);
  } catch (const LlmError& e) {
    return e.kind() == LlmError::Kind::malformed && std::string(e.what()).find("malformed output") == 0;
  }
  return false;
}

Config from(const std::map<std::string, std::string>& env) {
  return config_from_environment([&env](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

}  // namespace

TEST_CASE("a well-formed reply is read field by field") {
  const auto b = parse_question_batch(
      R"({"questions":[{"question":"When do you leave?","importance":"Dates set prices","information_to_look_for":"A date"}],
          "next_batch_needed":false,"total_questions_estimated":4})",
      5);
  REQUIRE(b.questions.size() == 1);
  CHECK(b.questions[0].text == "When do you leave?");
  CHECK(b.questions[0].importance == "Dates set prices");
  CHECK(b.questions[0].information_to_look_for == "A date");
  CHECK(b.next_batch_needed == false);
  CHECK(b.total_questions_estimated == 4);
}

TEST_CASE("common deviations are repaired") {
  const std::string inner = R"({"questions":[{"question":"A?"},{"question":"B?"}]})";
  CHECK(texts(parse_question_batch("```json\n" + inner + "\n```", 5)) == std::vector<std::string>{"A?", "B?"});
  CHECK(texts(parse_question_batch("Sure! Here you go:\n" + inner + "\nHope that helps.", 5)) ==
        std::vector<std::string>{"A?", "B?"});
  CHECK(texts(parse_question_batch(R"({"batch":)" + inner + "}", 5)) == std::vector<std::string>{"A?", "B?"});
  CHECK(texts(parse_question_batch(R"({"response":")" + std::string(R"({\"questions\":[\"C?\"]})") + "\"}", 5)) ==
        std::vector<std::string>{"C?"});
  CHECK(texts(parse_question_batch(R"(["1. First?", "2) Second?", "- Third?"])", 5)) ==
        std::vector<std::string>{"First?", "Second?", "Third?"});
  const auto alt = parse_question_batch(
      R"({"questions":[{"question_text":"  Where\n to?  ","why":"w","look_for":"l"}],"next_batch_needed":"true","total_questions_estimated":"7"})",
      5);
  CHECK(alt.questions[0].text == "Where to?");
  CHECK(alt.questions[0].importance == "w");
  CHECK(alt.questions[0].information_to_look_for == "l");
  CHECK(alt.next_batch_needed == true);
  CHECK(alt.total_questions_estimated == 7);
}

TEST_CASE("more questions than asked for are cut; empty ones are dropped") {
  const auto b = parse_question_batch(R"({"questions":["", "  ", "One?", {"importance":"no text"}, "Two?", "Three?"]})", 2);
  CHECK(texts(b) == std::vector<std::string>{"One?", "Two?"});
  CHECK_FALSE(b.next_batch_needed.has_value());
  CHECK(parse_question_batch(R"({"questions":["A?"],"total_questions_estimated":-3})", 5).total_questions_estimated ==
        std::nullopt);
}

TEST_CASE("replies without a usable batch are malformed") {
  CHECK(malformed(""));
  CHECK(malformed("Ask about the budget and the dates."));
  CHECK(malformed(R"({"questions": "none"})"));
  CHECK(malformed(R"({"questions": []})"));
  CHECK(malformed(R"({"questions": [42, null, {"question": ""}]})"));
  CHECK(malformed(R"({"answer": 1, "other": 2})"));
  CHECK(malformed("{\"questions\": [\"" + std::string(700, 'x') + "\"]}"));
}

TEST_CASE("the prompt asks for JSON and carries context, questions and answers") {
  sq::questioning::PlanRequest r;
  r.context = "Moving to Oslo";
  r.asked = {{1, "When?", ""}};
  r.answers = {{1, "In March"}};
  r.batch_size = 3;
  const auto messages = question_prompt(r, {"I have two cats"});
  REQUIRE(messages.size() == 2);
  const std::string system = messages[0]["content"];
  const std::string user = messages[1]["content"];
  CHECK(system.find("JSON") != std::string::npos);
  CHECK(system.find("at most 3 questions") != std::string::npos);
  CHECK(user.find("Moving to Oslo") != std::string::npos);
  CHECK(user.find("1. When?") != std::string::npos);
  CHECK(user.find("to question 1: In March") != std::string::npos);
  CHECK(user.find("I have two cats") != std::string::npos);
}

TEST_CASE("configuration: nothing set means off") {
  const auto c = from({});
  CHECK_FALSE(c.any_enabled());
  CHECK(c.describe().find("off") == 0);
}

TEST_CASE("configuration: SQ_ names win over the earlier service's") {
  const auto c = from({{"SQ_LLM_BASE_URL", "http://127.0.0.1:11434/v1/"},
                       {"SQ_LLM_MODEL", "llama3"},
                       {"OPENAI_MODEL_NAME", "gpt-4o"},
                       {"SQ_LLM_API_KEY", "sk-first-key-123456"},
                       {"OPENAI_API_KEY", "sk-second-key-123456"},
                       {"LLM_TEMPERATURE", "0.2"}});
  CHECK(c.base_url == "http://127.0.0.1:11434/v1");
  CHECK(c.chat_model == "llama3");
  CHECK(c.api_key == "sk-first-key-123456");
  CHECK(c.temperature == doctest::Approx(0.2));
  CHECK(c.describe().find("sk-") == std::string::npos);
  CHECK(c.describe().find("SQ_LLM_API_KEY") != std::string::npos);

  const auto old = from({{"OPENAI_API_KEY", "sk-abc"}, {"OPENAI_MODEL_NAME", "gpt-4o"}});
  CHECK(old.base_url == "https://api.openai.com/v1");
  CHECK(old.chat_model == "gpt-4o");
}

TEST_CASE("configuration: mistakes name the variable") {
  const auto message = [](const std::map<std::string, std::string>& env) {
    try {
      from(env);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(message({{"SQ_LLM_MODEL", "m"}}).find("SQ_LLM_BASE_URL is not set") == 0);
  CHECK(message({{"SQ_LLM_MODEL", "m"}, {"SQ_LLM_BASE_URL", "file:///etc/passwd"}}).find("SQ_LLM_BASE_URL must start") == 0);
  CHECK(message({{"SQ_LLM_MODEL", "m"}, {"SQ_LLM_BASE_URL", "http://x"}, {"SQ_LLM_TIMEOUT", "0"}}).find("SQ_LLM_TIMEOUT") == 0);
  CHECK(message({{"SQ_LLM_MODEL", "m"}, {"SQ_LLM_BASE_URL", "http://x"}, {"LLM_TEMPERATURE", "3"}}).find("LLM_TEMPERATURE") == 0);
  CHECK(message({{"SQ_LLM_API_KEY_FILE", "/nonexistent/key"}}).find("SQ_LLM_API_KEY_FILE: cannot read") == 0);
}

TEST_CASE("configuration: the key file is read and trimmed") {
  const auto path = std::filesystem::temp_directory_path() / "sq-test-llm-key";
  {
    std::ofstream(path) << "  sk-from-file-0123456789\n";
  }
  const auto c = from({{"SQ_LLM_API_KEY_FILE", path.string()}, {"SQ_LLM_MODEL", "m"}, {"SQ_LLM_BASE_URL", "http://x"}});
  std::filesystem::remove(path);
  CHECK(c.api_key == "sk-from-file-0123456789");
  CHECK(c.api_key_source == "SQ_LLM_API_KEY_FILE");
}

TEST_CASE("redact hides the key, whole or in pieces") {
  const std::string key = "sk-proj-Abc123Def456Ghi789";
  CHECK(redact("bad key " + key + " given", key) == "bad key [redacted] given");
  CHECK(redact("Incorrect API key provided: sk-proj-A*****i789", key).find("sk-proj-A") == std::string::npos);
  CHECK(redact("Incorrect API key provided: sk-proj-A*****i789", key).find("i789") == std::string::npos);
  CHECK(redact("nothing secret here", key) == "nothing secret here");
  CHECK(redact("text", "") == "text");
}
