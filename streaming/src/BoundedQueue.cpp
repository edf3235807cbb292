#include "streaming/BoundedQueue.h"

namespace docent::streaming {

const char* toString(QueueStatus status) {
    switch (status) {
    case QueueStatus::Ok:
        return "Ok";
    case QueueStatus::Full:
        return "Full";
    case QueueStatus::Empty:
        return "Empty";
    case QueueStatus::Timeout:
        return "Timeout";
    case QueueStatus::Aborted:
        return "Aborted";
    case QueueStatus::Flushed:
        return "Flushed";
    }
    return "Unknown";
}

} // namespace docent::streaming
