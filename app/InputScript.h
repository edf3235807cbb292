#pragma once
// A scripted visitor for headless runs (--input FILE): keys pressed and points clicked or
// tapped, frame by frame, replayed through the same paths as a window's input (ImGui for the
// UI, the app's key handling for the scene). Used by the UI tests and to script demos.
//
//   # comments and blank lines are ignored
//   FRAME key NAME        press and release a key (A-Z, 0-9, F1-F12, TAB, ENTER, ESCAPE,
//                         SPACE, UP, DOWN, LEFT, RIGHT, MINUS, EQUAL, LEFT_BRACKET,
//                         RIGHT_BRACKET, HOME, END, PAGE_UP, PAGE_DOWN, BACKSPACE, DELETE;
//                         CTRL+ or SHIFT+ before)
//   FRAME click X Y       press at pixel (X, Y) on FRAME, release on the next frame
//   FRAME click @CONTROL  the same at the centre of a UI control, as laid out on the frame
//                         before (ids as in --stats "ui" "controls", e.g. @artworks); a
//                         panel that has just opened is laid out from its second frame
//   FRAME tap X Y         a touch (GLFW delivers one touch as the left mouse button); also
//                         FRAME tap @CONTROL (markers are controls: @marker:HOTSPOT-ID)
//   FRAME type TEXT       types TEXT (UTF-8, the rest of the line after one space) into the
//                         UI control that has the keyboard, as GLFW's character callback
//                         would; \n is a new line, \t a tab, \# a '#', \\ a backslash
//   FRAME drag X1 Y1 X2 Y2 [FRAMES]
//                         press at (X1, Y1) on FRAME, move in a straight line to (X2, Y2)
//                         over FRAMES frames (default 10), release there
//   FRAME camera X Y Z YAW PITCH
//                         puts the eye there (metres, degrees, as --camera), as if the person
//                         had walked there: curator scripts go to each artwork this way
//   FRAME pad BUTTON      a gamepad button pressed on FRAME, released on the next (A, B, X,
//                         Y, LB, RB, BACK, START, UP, DOWN, LEFT, RIGHT: see Gamepad.h)
//   FRAME pad AXIS VALUE  a stick or trigger held at VALUE (-1..1) from FRAME on (LEFTX,
//                         LEFTY, RIGHTX, RIGHTY, LT, RT; triggers rest at -1)
//
// Main thread. Failure: parseInputScript() returns false with "file:line: problem".

#include <string>
#include <vector>

namespace docent::app {

struct InputEvent {
    enum class Kind { Key, Click, Drag, Type, Camera, PadButton, PadAxis };
    int frame = 0;
    Kind kind = Kind::Key;
    int key = 0; // GLFW key code
    bool ctrl = false;
    bool shift = false;
    float x = 0.0f;
    float y = 0.0f;
    std::string control; // click @CONTROL: resolved when replayed
    int pad = -1;        // PadButton / PadAxis: GLFW_GAMEPAD_BUTTON_* / _AXIS_* index
    float value = 0.0f;  // PadAxis
    std::string text;    // Type: what is typed
    float pose[5] = {};  // Camera: x, y, z, yaw, pitch
    float x2 = 0.0f;     // Drag: where it ends
    float y2 = 0.0f;
    int frames = 10; // Drag: over how many frames
};

bool parseInputScript(const std::string& text, const std::string& name,
                      std::vector<InputEvent>& events, std::string& error);

// A GLFW key code for a name (see above); -1 when unknown.
int keyCode(const std::string& name);

} // namespace docent::app
