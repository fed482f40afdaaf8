#include "sim/cli/json_value.h"

#include <charconv>

#include "sim/engine/input_error.h"

namespace cmsim::cli {

const JsonValue* JsonValue::find(std::string_view key) const {
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) return &values[i];
  return nullptr;
}

namespace {

class Parser {
 public:
  Parser(std::string_view text, const std::string& what) : s_(text), what_(what) {}

  JsonValue document() {
    JsonValue v = value(0);
    space();
    if (i_ != s_.size()) fail("expected the end of the document");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& expected) const {
    throw engine::InputError(what_ + ": not valid JSON at byte " + std::to_string(i_) + ": " + expected);
  }
  void space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }
  bool take(char c) {
    space();
    if (i_ < s_.size() && s_[i_] == c) return ++i_, true;
    return false;
  }
  bool word(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }

  JsonValue value(int depth) {
    if (depth > 64) fail("nesting deeper than 64");
    space();
    JsonValue v;
    if (i_ >= s_.size()) fail("expected a value");
    const char c = s_[i_];
    if (c == '{') {
      ++i_;
      v.kind = JsonValue::Kind::OBJECT;
      if (take('}')) return v;
      do {
        space();
        std::string key = string();
        if (!take(':')) fail("expected ':'");
        JsonValue member = value(depth + 1);
        v.keys.push_back(std::move(key));
        v.values.push_back(std::move(member));
      } while (take(','));
      if (!take('}')) fail("expected ',' or '}'");
    } else if (c == '[') {
      ++i_;
      v.kind = JsonValue::Kind::ARRAY;
      if (take(']')) return v;
      do v.items.push_back(value(depth + 1));
      while (take(','));
      if (!take(']')) fail("expected ',' or ']'");
    } else if (c == '"') {
      v.kind = JsonValue::Kind::STRING;
      v.text = string();
    } else if (word("true") || word("false")) {
      v.kind = JsonValue::Kind::BOOL;
      v.boolean = s_[i_ - 1] == 'e' && s_[i_ - 2] == 'u';
    } else if (word("null")) {
      v.kind = JsonValue::Kind::NUL;
    } else {
      v.kind = JsonValue::Kind::NUMBER;
      const auto [end, ec] = std::from_chars(s_.data() + i_, s_.data() + s_.size(), v.number);
      if (ec != std::errc()) fail("expected a value");
      i_ = static_cast<std::size_t>(end - s_.data());
    }
    return v;
  }

  void utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6)), out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xe0 | (cp >> 12)), out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }

  std::string string() {
    if (i_ >= s_.size() || s_[i_] != '"') fail("expected a string");
    ++i_;
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) break;
      c = s_[i_++];
      switch (c) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          unsigned cp = 0;
          if (i_ + 4 > s_.size() ||
              std::from_chars(s_.data() + i_, s_.data() + i_ + 4, cp, 16).ptr != s_.data() + i_ + 4)
            fail("expected four hex digits after \\u");
          i_ += 4;
          utf8(out, cp);
          break;
        }
        default:
          out += c;  // \" \\ \/
      }
    }
    if (i_ >= s_.size()) fail("unterminated string");
    ++i_;
    return out;
  }

  std::string_view s_;
  const std::string& what_;
  std::size_t i_ = 0;
};

}  // namespace

JsonValue parse_json(std::string_view text, const std::string& what) { return Parser(text, what).document(); }

}  // namespace cmsim::cli
