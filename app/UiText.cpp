#include "UiText.h"

#include <map>

namespace docent::app {
namespace {

struct Translation {
    std::string fr;
    std::string zh;
};

const std::map<std::string, Translation>& table() {
    static const std::map<std::string, Translation> kTable = {
        {"Connecting to the guide...", {"Connexion au guide…", "正在连接导览员……"}},
        {"The guide", {"Le guide", "导览员"}},
        {"Paused", {"En pause", "已暂停"}},
        {"Waiting for the guide's stream...",
         {"En attente du direct du guide…", "正在等待导览直播……"}},
        {"Stream lost - reconnecting...",
         {"Direct perdu – reconnexion…", "直播中断，正在重新连接……"}},
        {"The tour has ended", {"La visite est terminée", "导览已结束"}},
        {"The guide's stream failed", {"Le direct du guide a échoué", "导览直播出错"}},
        {"muted", {"son coupé", "已静音"}},
        {"volume", {"volume", "音量"}},
        {"The guide is here - following (F: wander)",
         {"Le guide est ici – vous le suivez (F : flâner)",
          "导览员在这里 · 跟随中（F：自由参观）"}},
        {"The guide is here (G: go there, F: follow)",
         {"Le guide est ici (G : y aller, F : suivre)", "导览员在这里（G：前往，F：跟随）"}},
    };
    return kTable;
}

} // namespace

const std::string& uiText(const std::string& text, const std::string& language) {
    const auto it = table().find(text);
    if (it == table().end() || language == "en") {
        return text;
    }
    return language == "fr" ? it->second.fr : language == "zh" ? it->second.zh : text;
}

std::string allUiText() {
    std::string all;
    for (const auto& [english, t] : table()) {
        all += english + t.fr + t.zh;
    }
    return all;
}

} // namespace docent::app
