// Encodings for e-mail: RFC 2047 header words, quoted-printable, HTML to text, dates, ids.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>

#include "actions/email_message.h"

namespace parcours::actions {
namespace {

std::string Base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(in[k]); };
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  if (i + 1 == in.size()) {
    unsigned v = byte(i) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    unsigned v = (byte(i) << 16) | (byte(i + 1) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

bool IsPlainAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7f;
  });
}

bool StartsWithNoCase(std::string_view s, std::size_t at, std::string_view prefix) {
  if (s.size() - at < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[at + i])) != prefix[i]) return false;
  }
  return true;
}

void AppendUtf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x110000) {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// Decodes one entity at html[i] == '&'; appends it and returns its length, or 0.
std::size_t DecodeEntity(std::string_view html, std::size_t i, std::string& out) {
  static constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
      {"&amp;", "&"}, {"&lt;", "<"},   {"&gt;", ">"},         {"&quot;", "\""},
      {"&#39;", "'"}, {"&apos;", "'"}, {"&nbsp;", "\xc2\xa0"}};
  for (const auto& [name, text] : kNamed) {
    if (html.substr(i, name.size()) == name) {
      out += text;
      return name.size();
    }
  }
  if (html.substr(i, 2) != "&#") return 0;
  std::size_t end = html.find(';', i);
  if (end == std::string_view::npos || end - i > 10) return 0;
  bool hex = i + 2 < end && (html[i + 2] == 'x' || html[i + 2] == 'X');
  std::string digits(html.substr(i + (hex ? 3 : 2), end - i - (hex ? 3 : 2)));
  if (digits.empty()) return 0;
  char* stop = nullptr;
  unsigned long cp = std::strtoul(digits.c_str(), &stop, hex ? 16 : 10);
  if (*stop != '\0') return 0;
  AppendUtf8(out, cp);
  return end - i + 1;
}

}  // namespace

std::string EncodeHeaderText(std::string_view text) {
  if (IsPlainAscii(text) && text.size() <= 900) return std::string(text);
  // Encoded words of at most 75 characters: 45 bytes of UTF-8 each, cut between characters.
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t n = std::min<std::size_t>(45, text.size() - i);
    while (n > 1 && i + n < text.size() &&
           (static_cast<unsigned char>(text[i + n]) & 0xc0) == 0x80) {
      --n;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(i, n)) + "?=";
    i += n;
  }
  return out;
}

std::string QuotedPrintable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  std::size_t line = 0;  // characters on the current output line
  auto put = [&](std::string_view piece) {
    if (line + piece.size() > 75) {
      out += "=\r\n";
      line = 0;
    }
    out += piece;
    line += piece.size();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
      line = 0;
      continue;
    }
    auto u = static_cast<unsigned char>(c);
    bool at_line_end = i + 1 == text.size() || text[i + 1] == '\r' || text[i + 1] == '\n';
    bool encode = u > 126 || c == '=' || (u < 32 && c != '\t') ||
                  ((c == ' ' || c == '\t') && at_line_end) || (c == '.' && line == 0);
    if (encode) {
      char triplet[3] = {'=', kHex[u >> 4], kHex[u & 15]};
      put(std::string_view(triplet, 3));
    } else {
      put(std::string_view(&c, 1));
    }
  }
  return out;
}

bool LooksLikeHtml(std::string_view body) {
  std::size_t i = body.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || body[i] != '<' || i + 1 >= body.size()) return false;
  char next = body[i + 1];
  return next == '!' || std::isalpha(static_cast<unsigned char>(next)) != 0;
}

std::string HtmlToText(std::string_view html) {
  std::string out;
  std::size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '<') {
      std::size_t end = html.find('>', i);
      if (end == std::string_view::npos) break;
      std::string_view tag = html.substr(i + 1, end - i - 1);
      bool closing = !tag.empty() && tag[0] == '/';
      std::size_t at = i + (closing ? 2 : 1);
      auto is = [&](std::string_view name) {
        return StartsWithNoCase(html, at, name) &&
               (at + name.size() >= end ||
                std::string_view(" />\t\r\n").find(html[at + name.size()]) !=
                    std::string_view::npos);
      };
      if (!closing && (is("script") || is("style") || is("head"))) {
        std::string close = "</" + std::string(is("script")  ? "script"
                                               : is("style") ? "style"
                                                             : "head");
        std::size_t k = end;
        while (k < html.size() && !StartsWithNoCase(html, k, close)) ++k;
        end = html.find('>', k);
        if (end == std::string_view::npos) break;
      } else if (is("br") || (closing && (is("p") || is("div") || is("tr") || is("li") ||
                                          is("h1") || is("h2") || is("h3") || is("h4") ||
                                          is("table") || is("ul") || is("ol")))) {
        out += '\n';
      } else if (!closing && is("li")) {
        out += "- ";
      }
      i = end + 1;
    } else if (c == '&') {
      std::size_t n = DecodeEntity(html, i, out);
      if (n == 0) out += c;
      i += n == 0 ? 1 : n;
    } else if (c == '\r' || c == '\n' || c == '\t') {
      if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  // Trim each line, drop runs of blank lines.
  std::string text;
  std::size_t blank = 0;
  for (std::size_t start = 0; start <= out.size();) {
    std::size_t stop = out.find('\n', start);
    if (stop == std::string::npos) stop = out.size();
    std::string_view l(out.data() + start, stop - start);
    std::size_t a = l.find_first_not_of(' '), b = l.find_last_not_of(' ');
    l = a == std::string_view::npos ? std::string_view() : l.substr(a, b - a + 1);
    if (l.empty()) {
      ++blank;
    } else {
      if (!text.empty()) text += blank > 0 ? "\n\n" : "\n";
      text += l;
      blank = 0;
    }
    start = stop + 1;
  }
  return text;
}

std::string MessageIdFor(std::string_view idempotency_key, std::string_view domain) {
  // RFC 5322 atext, '=' and '.' escaped as =XX so that distinct keys give distinct ids.
  static constexpr std::string_view kAtext = "!#$%&'*+-/?^_`{|}~";
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string local;
  for (char c : idempotency_key) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || kAtext.find(c) != std::string_view::npos) {
      local += c;
    } else {
      local += '=';
      local += kHex[u >> 4];
      local += kHex[u & 15];
    }
  }
  if (local.empty()) local = "empty";
  return "<" + local + "@" + std::string(domain) + ">";
}

std::string FormatEmailDate(Time time) {
  using namespace std::chrono;
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  sys_days day = floor<days>(time);
  year_month_day ymd(day);
  hh_mm_ss<seconds> hms(floor<seconds>(time - day));
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02u %s %04d %02d:%02d:%02d +0000",
                kDays[weekday(day).c_encoding()], static_cast<unsigned>(ymd.day()),
                kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buffer;
}

}  // namespace parcours::actions
