#pragma once
// A game controller, through GLFW's gamepad API (SDL's mapping database: an Xbox, PlayStation or
// generic pad gives the same buttons), turned into what the keyboard does, so that every action
// of the visitor is reachable from the sofa:
//   left stick   walk (pushed all the way: run)     right stick  look around
//   A / cross    Enter: press the focused control (from the scene: focus the first one)
//   B / circle   back: closes settings, list, card (never quits)
//   X / square   the artwork list                   Y / triangle follow the guide or wander
//   LB, RB       previous, next control (Shift+Tab, Tab)
//   D-pad        up/down in the artwork list; with the controls focused, previous/next control
//   Back         captions                           Start        settings
//   LT, RT       zoom out, zoom in
//
// Render thread. No failure modes: without a pad nothing happens.

#include <array>
#include <vector>

namespace docent::app {

// One pad's state (GLFWgamepadstate's layout: buttons and axes by GLFW_GAMEPAD_* index; axes
// -1..1, triggers -1 at rest).
struct PadState {
    std::array<bool, 15> buttons{};
    std::array<float, 6> axes{0.0f, 0.0f, 0.0f, 0.0f, -1.0f, -1.0f};
};

struct KeyPress {
    int key = 0;  // GLFW key code
    int mods = 0; // GLFW_MOD_* bits
};

struct PadOutput {
    std::vector<KeyPress> keys; // pressed this frame, in button order
    float forward = 0.0f;       // -1..1, as MoveInput
    float strafe = 0.0f;
    bool run = false;
    float yawDegrees = 0.0f; // this frame's turn
    float pitchDegrees = 0.0f;
    float zoom = 0.0f; // -1..1: out .. in
    bool any() const {
        return !keys.empty() || forward != 0.0f || strafe != 0.0f || yawDegrees != 0.0f ||
               pitchDegrees != 0.0f || zoom != 0.0f;
    }
};

class GamepadMapper {
public:
    // Sticks within this of the centre are at rest (worn sticks drift).
    static constexpr float kDeadZone = 0.2f;
    static constexpr float kRunAbove = 0.9f;               // stick deflection that runs
    static constexpr float kLookDegreesPerSecond = 120.0f; // right stick fully over

    // This frame's pad; uiKeyboard: the controls have the keyboard (the D-pad then steps
    // through them). Buttons act once, on the frame they go down.
    PadOutput update(const PadState& pad, bool uiKeyboard, float dtSeconds);

private:
    std::array<bool, 15> m_previous{};
};

// The state of the first connected gamepad; false when none is connected (GLFW window runs).
bool pollGamepad(PadState& pad);

// GLFW_GAMEPAD_BUTTON_* / _AXIS_* index for a name (A, B, X, Y, LB, RB, BACK, START, GUIDE,
// L3, R3, UP, RIGHT, DOWN, LEFT; LEFTX, LEFTY, RIGHTX, RIGHTY, LT, RT); -1 when unknown.
int padButton(const char* name);
int padAxis(const char* name);

} // namespace docent::app
