#pragma once
// The UI's own strings in the visitor's language (en, fr, zh). The English text is the key; a
// string without a translation shows in English.

#include <string>

namespace docent::app {

// text (English) in language; text itself when there is no translation.
const std::string& uiText(const std::string& text, const std::string& language);
// Every UI string in every language, concatenated: what the font atlas must cover.
std::string allUiText();

} // namespace docent::app
