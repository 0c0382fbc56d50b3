#include "actions/email_message.h"

#include <algorithm>
#include <functional>

namespace parcours::actions {
namespace {

std::string_view Trim(std::string_view s) {
  std::size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string_view::npos) return {};
  std::size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

bool IsValidAddress(std::string_view a) {
  std::size_t at = a.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == a.size()) return false;
  return std::all_of(a.begin(), a.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f &&
           std::string_view("<>()[],;:\\\"").find(c) == std::string_view::npos;
  });
}

std::string FormatAddress(const EmailAddress& a) {
  if (a.display.empty()) return a.address;
  bool ascii = std::all_of(a.display.begin(), a.display.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7f;
  });
  std::string name;
  if (ascii) {
    name = "\"";
    for (char c : a.display) {
      if (c == '"' || c == '\\') name += '\\';
      name += c;
    }
    name += "\"";
  } else {
    name = EncodeHeaderText(a.display);
  }
  return name + " <" + a.address + ">";
}

std::string FormatList(const std::vector<EmailAddress>& list) {
  std::string out;
  for (const auto& a : list) out += (out.empty() ? "" : ",\r\n ") + FormatAddress(a);
  return out;
}

const std::string* Field(const ActionRequest& r, std::string_view name, std::string& storage) {
  const auto* v = r.rendered.if_contains(name);
  if (v == nullptr || !v->is_string()) return nullptr;
  storage = std::string(v->get_string());
  return &storage;
}

// Line breaks and other control characters in a header value become spaces.
std::string OneLine(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return out;
}

}  // namespace

Result<std::vector<EmailAddress>> ParseAddressList(std::string_view text) {
  std::vector<EmailAddress> out;
  std::size_t start = 0;
  bool quoted = false, angle = false;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    char c = i < text.size() ? text[i] : ',';
    if (c == '"' && !angle) quoted = !quoted;
    if (c == '<' && !quoted) angle = true;
    if (c == '>' && !quoted) angle = false;
    if (c != ',' || quoted || angle) continue;
    std::string_view item = Trim(text.substr(start, i - start));
    start = i + 1;
    if (item.empty()) continue;
    EmailAddress a;
    std::size_t open = item.rfind('<');
    if (open != std::string_view::npos) {
      if (item.back() != '>') {
        return Fail(Error::InvalidArgument("invalid e-mail address '" + std::string(item) + "'"));
      }
      a.address = std::string(Trim(item.substr(open + 1, item.size() - open - 2)));
      std::string_view name = Trim(item.substr(0, open));
      if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
        name = name.substr(1, name.size() - 2);
      }
      for (std::size_t k = 0; k < name.size(); ++k) {
        if (name[k] == '\\' && k + 1 < name.size()) ++k;
        a.display += name[k];
      }
      a.display = OneLine(a.display);
    } else {
      a.address = std::string(item);
    }
    if (!IsValidAddress(a.address)) {
      return Fail(Error::InvalidArgument("invalid e-mail address '" + std::string(item) + "'"));
    }
    out.push_back(std::move(a));
  }
  if (quoted || angle) {
    return Fail(Error::InvalidArgument("invalid e-mail address list '" + std::string(text) + "'"));
  }
  return out;
}

Result<EmailMessage> BuildEmail(const ActionRequest& request, std::string_view default_from,
                                std::string_view message_id_domain, Time date) {
  std::string to_text, subject, body, from_text;
  if (Field(request, "to", to_text) == nullptr || Trim(to_text).empty()) {
    return Fail(Error::InvalidArgument("the e-mail has no recipient ('to' is empty)"));
  }
  auto to = ParseAddressList(to_text);
  if (!to) return Fail(to.error());
  if (to->empty()) return Fail(Error::InvalidArgument("the e-mail has no recipient"));
  if (Field(request, "from", from_text) == nullptr || Trim(from_text).empty()) {
    from_text = std::string(default_from);
  }
  if (Trim(from_text).empty()) {
    return Fail(
        Error::InvalidArgument("the e-mail has no sender: no 'from' and no default (parcoursd "
                               "--mail-from or PARCOURS_MAIL_FROM)"));
  }
  auto from = ParseAddressList(from_text);
  if (!from) return Fail(from.error());
  if (from->size() != 1) {
    return Fail(Error::InvalidArgument("'from' must be one address, not '" + from_text + "'"));
  }
  Field(request, "subject", subject);
  Field(request, "body", body);

  EmailMessage m;
  m.from = (*from)[0].address;
  for (const auto& a : *to) m.recipients.push_back(a.address);
  m.message_id = MessageIdFor(request.idempotency_key, message_id_domain);

  std::string& d = m.data;
  d += "From: " + FormatAddress((*from)[0]) + "\r\n";
  d += "To: " + FormatList(*to) + "\r\n";
  d += "Subject: " + EncodeHeaderText(OneLine(subject)) + "\r\n";
  d += "Date: " + FormatEmailDate(date) + "\r\n";
  d += "Message-ID: " + m.message_id + "\r\n";
  d += "Auto-Submitted: auto-generated\r\n";
  d += "MIME-Version: 1.0\r\n";
  const std::string kText = "Content-Type: text/plain; charset=utf-8\r\n";
  const std::string kQp = "Content-Transfer-Encoding: quoted-printable\r\n";
  if (!LooksLikeHtml(body)) {
    d += kText + kQp + "\r\n" + QuotedPrintable(body) + "\r\n";
    return m;
  }
  // "=_" never occurs in quoted-printable text, so the boundary cannot clash with the parts.
  std::string boundary =
      "=_parcours_" + std::to_string(std::hash<std::string>{}(request.idempotency_key));
  d += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  d += "This is a message in MIME format.\r\n";
  d += "--" + boundary + "\r\n" + kText + kQp + "\r\n" + QuotedPrintable(HtmlToText(body)) + "\r\n";
  d += "--" + boundary + "\r\nContent-Type: text/html; charset=utf-8\r\n" + kQp + "\r\n" +
       QuotedPrintable(body) + "\r\n";
  d += "--" + boundary + "--\r\n";
  return m;
}

}  // namespace parcours::actions
