#include "Gamepad.h"

#include <cmath>
#include <cstring>
#include <string_view>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace docent::app {
namespace {

// A stick axis past the dead zone, rescaled so that movement starts from 0.
float axis(float value) {
    const float magnitude = std::fabs(value);
    if (magnitude < GamepadMapper::kDeadZone) {
        return 0.0f;
    }
    const float scaled =
        (std::fmin(magnitude, 1.0f) - GamepadMapper::kDeadZone) / (1.0f - GamepadMapper::kDeadZone);
    return value < 0.0f ? -scaled : scaled;
}

// A trigger (-1 at rest, 1 pulled) as 0..1.
float trigger(float value) {
    const float pulled = (value + 1.0f) * 0.5f;
    return pulled < GamepadMapper::kDeadZone ? 0.0f : std::fmin(pulled, 1.0f);
}

} // namespace

PadOutput GamepadMapper::update(const PadState& pad, bool uiKeyboard, float dtSeconds) {
    PadOutput out;
    const auto pressed = [&](int button) { return pad.buttons[button] && !m_previous[button]; };
    const auto press = [&](int key, int mods = 0) { out.keys.push_back({key, mods}); };
    if (pressed(GLFW_GAMEPAD_BUTTON_A)) {
        // Enter: presses the focused control, picks in the open list, else brings the
        // controls up.
        press(GLFW_KEY_ENTER);
    }
    if (pressed(GLFW_GAMEPAD_BUTTON_B)) {
        press(GLFW_KEY_BACKSPACE); // back, as Esc without quitting
    }
    if (pressed(GLFW_GAMEPAD_BUTTON_X)) {
        press(GLFW_KEY_L);
    }
    if (pressed(GLFW_GAMEPAD_BUTTON_Y)) {
        press(GLFW_KEY_F);
    }
    if (pressed(GLFW_GAMEPAD_BUTTON_LEFT_BUMPER)) {
        press(GLFW_KEY_TAB, GLFW_MOD_SHIFT);
    }
    if (pressed(GLFW_GAMEPAD_BUTTON_RIGHT_BUMPER)) {
        press(GLFW_KEY_TAB);
    }
    if (pressed(GLFW_GAMEPAD_BUTTON_BACK)) {
        press(GLFW_KEY_C);
    }
    if (pressed(GLFW_GAMEPAD_BUTTON_START)) {
        press(GLFW_KEY_O);
    }
    struct Direction {
        int button;
        int key;
        int step;
    };
    static constexpr Direction kDirections[] = {
        {GLFW_GAMEPAD_BUTTON_DPAD_UP, GLFW_KEY_UP, -1},
        {GLFW_GAMEPAD_BUTTON_DPAD_DOWN, GLFW_KEY_DOWN, 1},
        {GLFW_GAMEPAD_BUTTON_DPAD_LEFT, GLFW_KEY_LEFT, -1},
        {GLFW_GAMEPAD_BUTTON_DPAD_RIGHT, GLFW_KEY_RIGHT, 1}};
    for (const Direction& d : kDirections) {
        if (pressed(d.button)) {
            if (uiKeyboard) {
                press(GLFW_KEY_TAB, d.step < 0 ? GLFW_MOD_SHIFT : 0);
            } else {
                press(d.key);
            }
        }
    }
    m_previous = pad.buttons;

    // Stick forward is -Y.
    out.forward = -axis(pad.axes[GLFW_GAMEPAD_AXIS_LEFT_Y]);
    out.strafe = axis(pad.axes[GLFW_GAMEPAD_AXIS_LEFT_X]);
    out.run = std::hypot(pad.axes[GLFW_GAMEPAD_AXIS_LEFT_X], pad.axes[GLFW_GAMEPAD_AXIS_LEFT_Y]) >
              kRunAbove;
    out.yawDegrees = axis(pad.axes[GLFW_GAMEPAD_AXIS_RIGHT_X]) * kLookDegreesPerSecond * dtSeconds;
    out.pitchDegrees =
        axis(pad.axes[GLFW_GAMEPAD_AXIS_RIGHT_Y]) * kLookDegreesPerSecond * dtSeconds;
    out.zoom = trigger(pad.axes[GLFW_GAMEPAD_AXIS_RIGHT_TRIGGER]) -
               trigger(pad.axes[GLFW_GAMEPAD_AXIS_LEFT_TRIGGER]);
    return out;
}

bool pollGamepad(PadState& pad) {
    for (int jid = GLFW_JOYSTICK_1; jid <= GLFW_JOYSTICK_LAST; ++jid) {
        GLFWgamepadstate state;
        if (glfwJoystickIsGamepad(jid) && glfwGetGamepadState(jid, &state)) {
            for (std::size_t b = 0; b < pad.buttons.size(); ++b) {
                pad.buttons[b] = state.buttons[b] == GLFW_PRESS;
            }
            for (std::size_t a = 0; a < pad.axes.size(); ++a) {
                pad.axes[a] = state.axes[a];
            }
            return true;
        }
    }
    return false;
}

int padButton(const char* name) {
    static constexpr std::pair<std::string_view, int> kButtons[] = {
        {"A", GLFW_GAMEPAD_BUTTON_A},
        {"B", GLFW_GAMEPAD_BUTTON_B},
        {"X", GLFW_GAMEPAD_BUTTON_X},
        {"Y", GLFW_GAMEPAD_BUTTON_Y},
        {"LB", GLFW_GAMEPAD_BUTTON_LEFT_BUMPER},
        {"RB", GLFW_GAMEPAD_BUTTON_RIGHT_BUMPER},
        {"BACK", GLFW_GAMEPAD_BUTTON_BACK},
        {"START", GLFW_GAMEPAD_BUTTON_START},
        {"GUIDE", GLFW_GAMEPAD_BUTTON_GUIDE},
        {"L3", GLFW_GAMEPAD_BUTTON_LEFT_THUMB},
        {"R3", GLFW_GAMEPAD_BUTTON_RIGHT_THUMB},
        {"UP", GLFW_GAMEPAD_BUTTON_DPAD_UP},
        {"RIGHT", GLFW_GAMEPAD_BUTTON_DPAD_RIGHT},
        {"DOWN", GLFW_GAMEPAD_BUTTON_DPAD_DOWN},
        {"LEFT", GLFW_GAMEPAD_BUTTON_DPAD_LEFT}};
    for (const auto& [n, index] : kButtons) {
        if (n == name) {
            return index;
        }
    }
    return -1;
}

int padAxis(const char* name) {
    static constexpr std::pair<std::string_view, int> kAxes[] = {
        {"LEFTX", GLFW_GAMEPAD_AXIS_LEFT_X},    {"LEFTY", GLFW_GAMEPAD_AXIS_LEFT_Y},
        {"RIGHTX", GLFW_GAMEPAD_AXIS_RIGHT_X},  {"RIGHTY", GLFW_GAMEPAD_AXIS_RIGHT_Y},
        {"LT", GLFW_GAMEPAD_AXIS_LEFT_TRIGGER}, {"RT", GLFW_GAMEPAD_AXIS_RIGHT_TRIGGER}};
    for (const auto& [n, index] : kAxes) {
        if (n == name) {
            return index;
        }
    }
    return -1;
}

} // namespace docent::app
