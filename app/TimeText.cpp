#include "TimeText.h"

#include <cstdio>

namespace docent::app {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
long long daysFromCivil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

} // namespace

std::optional<std::time_t> parseRfc3339(const std::string& text) {
    int year = 0;
    int month = 0;
    int day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int consumed = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute,
                    &second, &consumed) != 6 ||
        consumed != 19) {
        return std::nullopt;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
        return std::nullopt;
    }
    std::size_t at = 19;
    if (at < text.size() && text[at] == '.') {
        ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
            ++at;
        }
    }
    long long offset = 0;
    if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
        ++at;
    } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
        int oh = 0;
        int om = 0;
        int used = 0;
        if (std::sscanf(text.c_str() + at + 1, "%2d:%2d%n", &oh, &om, &used) != 2 || used != 5 ||
            oh > 23 || om > 59) {
            return std::nullopt;
        }
        offset = (text[at] == '+' ? 1 : -1) * (oh * 3600LL + om * 60LL);
        at += 6;
    } else {
        return std::nullopt; // RFC 3339 requires the offset
    }
    if (at != text.size()) {
        return std::nullopt;
    }
    const long long days =
        daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    return static_cast<std::time_t>(days * 86400LL + hour * 3600LL + minute * 60LL + second -
                                    offset);
}

std::string localTimeText(std::time_t t, const std::string& language) {
    std::tm local{};
    localtime_r(&t, &local);
    char zone[16] = {};
    std::strftime(zone, sizeof zone, "%Z", &local);
    char text[128];
    if (language == "zh") {
        static const char* const kDays[] = {"星期日", "星期一", "星期二", "星期三",
                                            "星期四", "星期五", "星期六"};
        std::snprintf(text, sizeof text, "%d月%d日 %s %02d:%02d %s", local.tm_mon + 1,
                      local.tm_mday, kDays[local.tm_wday], local.tm_hour, local.tm_min, zone);
    } else if (language == "fr") {
        static const char* const kDays[] = {"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."};
        static const char* const kMonths[] = {"janv.", "févr.", "mars",  "avr.", "mai",  "juin",
                                              "juil.", "août",  "sept.", "oct.", "nov.", "déc."};
        std::snprintf(text, sizeof text, "%s %d %s, %02d:%02d %s", kDays[local.tm_wday],
                      local.tm_mday, kMonths[local.tm_mon], local.tm_hour, local.tm_min, zone);
    } else {
        static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
        static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        std::snprintf(text, sizeof text, "%s %d %s, %02d:%02d %s", kDays[local.tm_wday],
                      local.tm_mday, kMonths[local.tm_mon], local.tm_hour, local.tm_min, zone);
    }
    return text;
}

} // namespace docent::app
