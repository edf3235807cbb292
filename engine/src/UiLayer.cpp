#include "engine/UiLayer.h"

#include <glad/gl.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <set>
#include <utility>

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <fontconfig/fontconfig.h>

namespace docent::engine {

namespace {

constexpr const char* kGlslVersion = "#version 410 core";
constexpr float kFontPixels = 17.0f; // UI text size at 100 % scale
// The UI's scale: the visitor's 100-250 % times a HiDPI monitor's content scale.
constexpr float kMinScale = 0.5f;
constexpr float kMaxScale = 6.0f;
// Debian's fonts-dejavu-core; ImGui's built-in font has ASCII only (no accents, no dashes).
constexpr const char* kUiFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

// Noto Sans CJK's collection in Debian's fonts-noto-cjk, face 2 Simplified Chinese (SC): where
// to look when fontconfig finds nothing.
constexpr const char* kCjkFont = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
constexpr int kCjkFace = 2;
constexpr const char* kCjkPattern = "Noto Sans CJK SC:lang=zh-cn"; // what fontconfig is asked
// Noto's CJK glyphs sit smaller in their em than DejaVu's Latin: this much larger, they match.
constexpr float kCjkScale = 1.15f;
constexpr std::uint32_t kFirstCjk = 0x2E80; // CJK radicals onwards (and fullwidth forms)

// Asks fontconfig for the Simplified Chinese face (a collection's index included); accepts only a
// match that has 中 (U+4E2D): fontconfig always answers with something, often a Latin font.
bool findCjkFont(std::string& path, int& face) {
    if (!FcInit()) {
        return false;
    }
    FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>(kCjkPattern));
    if (!pattern) {
        return false;
    }
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    FcPattern* match = FcFontMatch(nullptr, pattern, &result);
    FcPatternDestroy(pattern);
    bool found = false;
    if (match) {
        FcChar8* file = nullptr;
        FcCharSet* chars = nullptr;
        int index = 0;
        if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
            FcPatternGetCharSet(match, FC_CHARSET, 0, &chars) == FcResultMatch &&
            FcCharSetHasChar(chars, 0x4E2D)) {
            FcPatternGetInteger(match, FC_INDEX, 0, &index);
            path = reinterpret_cast<const char*>(file);
            face = index;
            found = true;
        }
        FcPatternDestroy(match);
    }
    return found;
}

bool readable(const std::string& path) {
    if (std::FILE* probe = std::fopen(path.c_str(), "rb")) {
        std::fclose(probe);
        return true;
    }
    return false;
}

// The code points of UTF-8 text (malformed bytes are skipped).
std::set<std::uint32_t> codePoints(const std::string& text) {
    std::set<std::uint32_t> out;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const int extra = c < 0x80             ? 0
                          : (c & 0xE0) == 0xC0 ? 1
                          : (c & 0xF0) == 0xE0 ? 2
                          : (c & 0xF8) == 0xF0 ? 3
                                               : -1;
        if (extra < 0 || i + static_cast<std::size_t>(extra) >= text.size() + (extra == 0)) {
            ++i;
            continue;
        }
        std::uint32_t code = extra == 0 ? c : c & (0x3F >> extra);
        for (int k = 1; k <= extra; ++k) {
            code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        }
        out.insert(code);
        i += static_cast<std::size_t>(extra) + 1;
    }
    return out;
}

// White text on black, strong borders and a yellow frame around the keyboard focus: for visitors
// who need contrast (and sunlit kiosk screens).
void applyHighContrast() {
    ImGui::StyleColorsDark();
    ImGuiStyle& style = ImGui::GetStyle();
    ImVec4* c = style.Colors;
    const ImVec4 white(1.0f, 1.0f, 1.0f, 1.0f);
    const ImVec4 black(0.0f, 0.0f, 0.0f, 0.96f);
    const ImVec4 yellow(1.0f, 0.86f, 0.0f, 1.0f);
    c[ImGuiCol_Text] = white;
    c[ImGuiCol_TextDisabled] = ImVec4(0.85f, 0.85f, 0.85f, 1.0f);
    c[ImGuiCol_WindowBg] = black;
    c[ImGuiCol_ChildBg] = black;
    c[ImGuiCol_PopupBg] = black;
    c[ImGuiCol_Border] = white;
    c[ImGuiCol_FrameBg] = ImVec4(0.0f, 0.0f, 0.0f, 1.0f);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.25f, 0.25f, 0.25f, 1.0f);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.35f, 0.35f, 0.35f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.0f, 0.0f, 0.0f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.3f, 0.3f, 0.3f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.45f, 0.45f, 0.45f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.2f, 0.2f, 0.2f, 1.0f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.35f, 0.35f, 0.35f, 1.0f);
    c[ImGuiCol_SliderGrab] = yellow;
    c[ImGuiCol_SliderGrabActive] = yellow;
    c[ImGuiCol_CheckMark] = yellow;
    c[ImGuiCol_NavHighlight] = yellow;
    style.WindowBorderSize = 2.0f;
    style.FrameBorderSize = 2.0f;
}

} // namespace

// Latin from DejaVu; every other character the text uses from DejaVu as well (it has many) and,
// for CJK, from Noto Sans CJK merged into the same font.
void UiLayer::loadFonts(const std::string& text, float pixels) {
    ImGuiIO& io = ImGui::GetIO();
    // Latin with accents, general punctuation (dashes, quotes), the middle dot of names.
    static const ImWchar kLatin[] = {0x0020, 0x024F, 0x2000, 0x206F, 0x00B7, 0x00B7, 0};
    const std::set<std::uint32_t> used = codePoints(text);
    m_ranges.clear();
    std::vector<ImWchar> cjk;
    for (const std::uint32_t c : used) {
        if (c >= kFirstCjk && c <= 0xFFFF) {
            cjk.push_back(static_cast<ImWchar>(c));
            cjk.push_back(static_cast<ImWchar>(c));
        }
    }
    cjk.push_back(0);
    m_ranges.assign(cjk.begin(), cjk.end());

    ImFont* font = nullptr;
    if (readable(kUiFont)) {
        font = io.Fonts->AddFontFromFileTTF(kUiFont, pixels, nullptr, kLatin);
    }
    if (!font) {
        m_warnings.push_back(std::string("the UI font ") + kUiFont +
                             " is missing (install fonts-dejavu-core); using ImGui's built-in "
                             "ASCII font");
        font = io.Fonts->AddFontDefault();
    }
    if (m_ranges.size() > 1) {
        std::string path = kCjkFont;
        int face = kCjkFace;
        if (const char* custom = std::getenv("DOCENT_CJK_FONT")) {
            // The configured path wins (a venue's own font, or a test's missing one).
            path = custom;
            face = 0;
            const auto colon = path.rfind(':');
            if (colon != std::string::npos) {
                face = std::atoi(path.c_str() + colon + 1);
                path.resize(colon);
            }
        } else if (!findCjkFont(path, face)) {
            path = kCjkFont;
            face = kCjkFace;
        }
        ImFontConfig merge;
        merge.MergeMode = true;
        merge.FontNo = static_cast<unsigned>(std::max(face, 0));
        if (!readable(path) ||
            !io.Fonts->AddFontFromFileTTF(path.c_str(), pixels * kCjkScale, &merge,
                                          reinterpret_cast<const ImWchar*>(m_ranges.data()))) {
            m_warnings.push_back("no Chinese font at " + path +
                                 " (install fonts-noto-cjk, or set "
                                 "DOCENT_CJK_FONT=path[:index]); Chinese text cannot be shown");
        }
    }
    io.Fonts->Build();
    m_missing.clear();
    for (const std::uint32_t c : used) {
        if (c >= 0x20 && c <= 0xFFFF && c != 0xFEFF &&
            !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) {
            m_missing.push_back(c);
        }
    }
}

UiLayer::~UiLayer() {
    if (!m_context) {
        return;
    }
    ImGui_ImplOpenGL3_Shutdown();
    if (m_glfw) {
        ImGui_ImplGlfw_Shutdown();
    }
    ImGui::DestroyContext(m_context);
}

bool UiLayer::init(GLFWwindow* window, std::string& error, const std::string& text, float scale,
                   bool highContrast) {
    IMGUI_CHECKVERSION();
    m_context = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // no imgui.ini beside the working directory
    io.LogFilename = nullptr;
    m_text = text;
    m_scale = std::clamp(scale, kMinScale, kMaxScale);
    applyStyle(m_scale, highContrast);
    loadFonts(text, kFontPixels * m_scale);
    if (window) {
        if (!ImGui_ImplGlfw_InitForOpenGL(window, true)) {
            error = "the UI cannot attach to the window";
            ImGui::DestroyContext(m_context);
            m_context = nullptr;
            return false;
        }
        m_glfw = true;
    } else {
        // Headless: keys arrive as GLFW key codes (setHeadlessInput), mapped as the GLFW
        // backend maps them.
        const std::pair<ImGuiKey_, int> keys[] = {{ImGuiKey_Tab, GLFW_KEY_TAB},
                                                  {ImGuiKey_LeftArrow, GLFW_KEY_LEFT},
                                                  {ImGuiKey_RightArrow, GLFW_KEY_RIGHT},
                                                  {ImGuiKey_UpArrow, GLFW_KEY_UP},
                                                  {ImGuiKey_DownArrow, GLFW_KEY_DOWN},
                                                  {ImGuiKey_PageUp, GLFW_KEY_PAGE_UP},
                                                  {ImGuiKey_PageDown, GLFW_KEY_PAGE_DOWN},
                                                  {ImGuiKey_Home, GLFW_KEY_HOME},
                                                  {ImGuiKey_End, GLFW_KEY_END},
                                                  {ImGuiKey_Space, GLFW_KEY_SPACE},
                                                  {ImGuiKey_Enter, GLFW_KEY_ENTER},
                                                  {ImGuiKey_Escape, GLFW_KEY_ESCAPE},
                                                  {ImGuiKey_Backspace, GLFW_KEY_BACKSPACE},
                                                  {ImGuiKey_Delete, GLFW_KEY_DELETE},
                                                  {ImGuiKey_KeyPadEnter, GLFW_KEY_KP_ENTER},
                                                  // Text editing: select all, copy, paste...
                                                  {ImGuiKey_A, GLFW_KEY_A},
                                                  {ImGuiKey_C, GLFW_KEY_C},
                                                  {ImGuiKey_V, GLFW_KEY_V},
                                                  {ImGuiKey_X, GLFW_KEY_X},
                                                  {ImGuiKey_Y, GLFW_KEY_Y},
                                                  {ImGuiKey_Z, GLFW_KEY_Z}};
        for (const auto& [imgui, glfw] : keys) {
            io.KeyMap[imgui] = glfw;
        }
    }
    if (!ImGui_ImplOpenGL3_Init(kGlslVersion)) {
        error = "the UI cannot create its OpenGL objects";
        if (m_glfw) {
            ImGui_ImplGlfw_Shutdown();
        }
        ImGui::DestroyContext(m_context);
        m_context = nullptr;
        return false;
    }
    return true;
}

void UiLayer::beginFrame(glm::ivec2 framebufferSize, float dtSeconds) {
    if (!m_context) {
        return;
    }
    ImGui::SetCurrentContext(m_context);
    ImGui_ImplOpenGL3_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    if (m_glfw) {
        ImGui_ImplGlfw_NewFrame();
    } else {
        // Headless: the frame is exactly the framebuffer and time is the fixed step.
        io.DisplaySize =
            ImVec2(static_cast<float>(framebufferSize.x), static_cast<float>(framebufferSize.y));
        io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
        io.DeltaTime = dtSeconds > 0.0f ? dtSeconds : 1.0f / 30.0f;
        io.MousePos = m_input.pointer.x >= 0.0f ? ImVec2(m_input.pointer.x, m_input.pointer.y)
                                                : ImVec2(-FLT_MAX, -FLT_MAX);
        io.MouseDown[0] = m_input.pointerDown;
        std::fill(std::begin(io.KeysDown), std::end(io.KeysDown), false);
        for (const int key : m_input.keysDown) {
            if (key >= 0 && key < static_cast<int>(IM_ARRAYSIZE(io.KeysDown))) {
                io.KeysDown[key] = true;
            }
        }
        io.KeyCtrl = m_input.ctrl;
        io.KeyShift = m_input.shift;
        if (!m_input.characters.empty()) {
            io.AddInputCharactersUTF8(m_input.characters.c_str());
            m_input.characters.clear(); // typed once, not on every frame after
        }
    }
    ImGui::NewFrame();
}

void UiLayer::applyStyle(float scale, bool highContrast) {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle(); // sizes from scratch: ScaleAllSizes multiplies what is there
    if (highContrast) {
        applyHighContrast();
    } else {
        ImGui::StyleColorsDark();
    }
    style.WindowRounding = 6.0f;
    style.FrameRounding = 4.0f;
    style.ScaleAllSizes(scale);
}

void UiLayer::setAppearance(float scale, bool highContrast) {
    if (!m_context) {
        return;
    }
    ImGui::SetCurrentContext(m_context);
    scale = std::clamp(scale, kMinScale, kMaxScale);
    m_scale = scale;
    applyStyle(scale, highContrast);
    // The atlas again at the new size, so that text stays crisp, and its texture.
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui::GetIO().Fonts->Clear();
    loadFonts(m_text, kFontPixels * scale);
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

bool UiLayer::addText(const std::string& text) {
    if (!m_context) {
        return false;
    }
    const std::vector<std::uint32_t> missing = missingGlyphsIn(text);
    // Characters no font has stay missing after a rebuild: rebuild only for new ones.
    bool fresh = false;
    for (const std::uint32_t c : missing) {
        if (std::find(m_missing.begin(), m_missing.end(), c) == m_missing.end()) {
            fresh = true;
            break;
        }
    }
    if (!fresh) {
        return false;
    }
    m_text += text;
    ImGui::SetCurrentContext(m_context);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui::GetIO().Fonts->Clear();
    loadFonts(m_text, kFontPixels * m_scale);
    ImGui_ImplOpenGL3_CreateFontsTexture();
    return true;
}

std::vector<std::uint32_t> UiLayer::missingGlyphsIn(const std::string& text) const {
    std::vector<std::uint32_t> missing;
    if (!m_context) {
        return missing;
    }
    ImGui::SetCurrentContext(m_context);
    const ImFont* font =
        ImGui::GetIO().Fonts->Fonts.empty() ? nullptr : ImGui::GetIO().Fonts->Fonts[0];
    for (const std::uint32_t c : codePoints(text)) {
        if (c >= 0x20 && c <= 0xFFFF && c != 0xFEFF &&
            (!font || !font->FindGlyphNoFallback(static_cast<ImWchar>(c)))) {
            missing.push_back(c);
        }
    }
    return missing;
}

void UiLayer::setKeyboardNavigation(bool on) {
    if (!m_context) {
        return;
    }
    ImGui::SetCurrentContext(m_context);
    ImGuiIO& io = ImGui::GetIO();
    if (on) {
        io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    } else {
        io.ConfigFlags &= ~ImGuiConfigFlags_NavEnableKeyboard;
        ImGui::SetWindowFocus(nullptr);
    }
}

void UiLayer::setHeadlessInput(const HeadlessInput& input) {
    m_input = input;
}

void UiLayer::discardFrame() {
    if (m_context) {
        ImGui::Render();
    }
}

void UiLayer::draw() {
    if (!m_context) {
        return;
    }
    ImGui::Render();
    // ImGui's colours are sRGB values already: write them as they are.
    glDisable(GL_FRAMEBUFFER_SRGB);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

bool UiLayer::wantsMouse() const {
    return m_context && ImGui::GetIO().WantCaptureMouse;
}

bool UiLayer::wantsKeyboard() const {
    return m_context && ImGui::GetIO().WantCaptureKeyboard;
}

} // namespace docent::engine
