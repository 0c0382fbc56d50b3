// An e-mail action turned into an RFC 5322 message and its SMTP envelope, before any I/O.
//
// From `rendered` (parcours/engine.h): `to` (one or more addresses separated by commas, each
// `addr@host` or `Name <addr@host>`), `subject`, `body`, optional `from` (else the configured
// default). Addresses are printable ASCII (no SMTPUTF8); display names may be any UTF-8.
//
// The message has: From, To, Subject (RFC 2047 encoded-words when not plain ASCII), Date (the
// time given), Message-ID `<key@domain>` derived from the idempotency key (so every retry and
// every re-delivery after a restart carries the same id and receivers can drop repeats),
// MIME-Version, Auto-Submitted: auto-generated (RFC 3834: not a person; no auto-replies), and:
//  - a plain-text body: one text/plain part;
//  - an HTML body: multipart/alternative with a text/plain part (the HTML with its tags
//    removed) and the text/html part. The body is HTML when its first non-blank character is
//    `<` followed by a letter or `!` (start it with `<html>`, `<p>`, `<!DOCTYPE html>`...).
// Parts are UTF-8, quoted-printable, lines end with CRLF.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parcours/engine.h"
#include "parcours/error.h"
#include "parcours/time.h"

namespace parcours::actions {

struct EmailAddress {
  std::string display;  // may be empty
  std::string address;  // local@domain
};

struct EmailMessage {
  std::string from;                     // envelope sender (MAIL FROM)
  std::vector<std::string> recipients;  // envelope recipients (RCPT TO)
  std::string message_id;               // "<...@...>"
  std::string data;                     // the whole message, headers and body
};

// kInvalidArgument (message for the instance history) when a field is missing or malformed.
Result<EmailMessage> BuildEmail(const ActionRequest& request, std::string_view default_from,
                                std::string_view message_id_domain, Time date);

// The pieces, exposed for tests.
Result<std::vector<EmailAddress>> ParseAddressList(std::string_view text);
std::string EncodeHeaderText(std::string_view text);  // RFC 2047 "B" words, folded, if needed
std::string QuotedPrintable(std::string_view text);   // RFC 2045, CRLF line breaks
bool LooksLikeHtml(std::string_view body);
std::string HtmlToText(std::string_view html);
std::string MessageIdFor(std::string_view idempotency_key, std::string_view domain);
std::string FormatEmailDate(Time time);  // RFC 5322, UTC: "Tue, 01 Dec 2026 09:00:00 +0000"

}  // namespace parcours::actions
