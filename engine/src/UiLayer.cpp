#include "engine/UiLayer.h"

#include <glad/gl.h>

#include <cstdio>

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

namespace docent::engine {

namespace {

constexpr const char* kGlslVersion = "#version 410 core";
constexpr float kFontPixels = 17.0f; // UI text size at 100 % scale
// Debian's fonts-dejavu-core; ImGui's built-in font has ASCII only (no accents, no dashes).
constexpr const char* kUiFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

void loadFont() {
    ImGuiIO& io = ImGui::GetIO();
    // Latin with accents, general punctuation (dashes, quotes), the middle dot of names.
    static const ImWchar kRanges[] = {0x0020, 0x024F, 0x2000, 0x206F, 0x00B7, 0x00B7, 0};
    if (std::FILE* probe = std::fopen(kUiFont, "rb")) {
        std::fclose(probe);
        if (io.Fonts->AddFontFromFileTTF(kUiFont, kFontPixels, nullptr, kRanges)) {
            return;
        }
    }
    std::fprintf(stderr,
                 "docent: warning: the UI font %s is missing (install fonts-dejavu-core); "
                 "using ImGui's built-in ASCII font\n",
                 kUiFont);
    io.Fonts->AddFontDefault();
}

} // namespace

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

bool UiLayer::init(GLFWwindow* window, std::string& error) {
    IMGUI_CHECKVERSION();
    m_context = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // no imgui.ini beside the working directory
    io.LogFilename = nullptr;
    ImGui::StyleColorsDark();
    loadFont();
    if (window) {
        if (!ImGui_ImplGlfw_InitForOpenGL(window, true)) {
            error = "the UI cannot attach to the window";
            ImGui::DestroyContext(m_context);
            m_context = nullptr;
            return false;
        }
        m_glfw = true;
        io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
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
    }
    ImGui::NewFrame();
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
