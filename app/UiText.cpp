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
        {"LIVE", {"EN DIRECT", "直播"}},
        {"REPLAY", {"REDIFFUSION", "回放"}},
        {"RECONNECTING", {"RECONNEXION", "重新连接中"}},
        {"CONNECTING", {"CONNEXION", "连接中"}},
        {"OFF AIR", {"HORS ANTENNE", "未开播"}},
        {"With", {"Avec", "讲解："}},
        {"No tour is scheduled", {"Aucune visite n’est programmée", "暂无导览安排"}},
        {"Next tour:", {"Prochaine visite :", "下一场导览："}},
        {"Play", {"Lecture", "播放"}},
        {"Pause", {"Pause", "暂停"}},
        {"Mute", {"Couper le son", "静音"}},
        {"Unmute", {"Rétablir le son", "取消静音"}},
        {"Captions", {"Sous-titres", "字幕"}},
        {"Picture-in-picture", {"Incrustation", "画中画"}},
        {"Following the guide", {"Vous suivez le guide", "正在跟随导览员"}},
        {"Wandering", {"Visite libre", "自由参观"}},
        {"Go to the guide", {"Rejoindre le guide", "前往导览员处"}},
        {"Artworks", {"Œuvres", "展品"}},
        {"the moon thread", {"le fil de la lune", "月亮主线"}},
        {"The guide is here", {"Le guide est ici", "导览员在这里"}},
        {"Settings", {"Réglages", "设置"}},
        {"Text size", {"Taille du texte", "文字大小"}},
        {"High contrast", {"Contraste élevé", "高对比度"}},
        {"Reduced motion", {"Mouvements réduits", "减少动态效果"}},
        {"Touch pad", {"Pavé tactile", "触控按钮"}},
        {"Close", {"Fermer", "关闭"}},
        {"Drag to look - WASD to walk - double-click to go there - Tab: the controls - F11: full "
         "screen",
         {"Glisser pour regarder – ZQSD/WASD pour marcher – double-clic pour y aller – Tab : les "
          "commandes – F11 : plein écran",
          "拖动以环顾 · WASD 行走 · 双击前往 · Tab：控制栏 · F11：全屏"}},
        {"Loading textures", {"Chargement des textures", "正在加载纹理"}},
        {"Touch the screen to explore the museum",
         {"Touchez l’écran pour explorer le musée", "触摸屏幕，开始参观博物馆"}},
        {"Still there?", {"Vous êtes toujours là ?", "您还在吗？"}},
        {"Touch the screen to continue", {"Touchez l’écran pour continuer", "触摸屏幕继续参观"}},
        {"Back to the start in", {"Retour à l’accueil dans", "即将回到首页"}},
        {"Continue", {"Continuer", "继续参观"}},
        {"Staff PIN", {"Code du personnel", "工作人员密码"}},
        {"Wrong PIN", {"Code erroné", "密码错误"}},
        {"Cancel", {"Annuler", "取消"}},
        {"Keys: M mute, -/= volume, Space pause, [ ] 10 s, C captions, P picture-in-picture, F "
         "follow, G guide, L artworks, K language, O settings",
         {"Touches : M son, -/= volume, Espace pause, [ ] 10 s, C sous-titres, P incrustation, F "
          "suivre, G guide, L œuvres, K langue, O réglages",
          "按键：M 静音，-/= 音量，空格 暂停，[ ] 10 秒，C 字幕，P 画中画，F 跟随，G 导览员，L "
          "展品，K 语言，O 设置"}},
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
