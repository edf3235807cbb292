#include <string>

#include <catch2/catch.hpp>

#include "hotspots/JsonLocator.h"

using docent::hotspots::JsonLocator;

TEST_CASE("JsonLocator finds where each value starts", "[json]") {
    const JsonLocator locator("{\n  \"a\": [1,\n    {\"b\": \"x\"}]\n}\n");
    CHECK(locator.find("/a").line == 2);
    CHECK(locator.find("/a").column == 8);
    CHECK(locator.find("/a/1/b").line == 3);
    CHECK(locator.find("/a/1/b").column == 11);
    CHECK(locator.find("/a/7").line == 2); // absent: its parent
}

TEST_CASE("JsonLocator stops at a stray closing brace inside an array", "[json]") {
    // Found by the kiosk config's fuzz target: the scan of "[}" read nothing and looped, its
    // map of pointers growing until memory ran out.
    const JsonLocator locator("{\"languages\": [\"zh\", }, \"volume\": 1}");
    CHECK(locator.find("/languages").line == 1);
    CHECK(locator.find("/languages").column == 15);
    const JsonLocator bare("[}");
    CHECK(bare.find("").line == 1);
}
