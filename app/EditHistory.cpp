#include "EditHistory.h"

#include <utility>

namespace docent::app {

EditHistory::EditHistory(CuratorDocument initial) {
    m_versions.push_back({std::move(initial), {}, {}});
}

void EditHistory::commit(CuratorDocument after, const std::string& label,
                         const std::string& mergeKey) {
    if (after == current()) {
        return;
    }
    m_versions.resize(m_at + 1); // a new edit forgets what could have been redone
    const bool merge =
        m_mergeOpen && !mergeKey.empty() && m_at > 0 && m_versions[m_at].mergeKey == mergeKey;
    if (merge) {
        m_versions[m_at].document = std::move(after);
    } else {
        m_versions.push_back({std::move(after), label, mergeKey});
        ++m_at;
    }
    m_mergeOpen = !mergeKey.empty();
}

bool EditHistory::undo() {
    if (!canUndo()) {
        return false;
    }
    --m_at;
    m_mergeOpen = false;
    return true;
}

bool EditHistory::redo() {
    if (!canRedo()) {
        return false;
    }
    ++m_at;
    m_mergeOpen = false;
    return true;
}

std::string EditHistory::undoLabel() const {
    return canUndo() ? m_versions[m_at].label : std::string();
}

std::string EditHistory::redoLabel() const {
    return canRedo() ? m_versions[m_at + 1].label : std::string();
}

} // namespace docent::app
