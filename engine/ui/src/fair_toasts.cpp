#include "booth_company.hpp"
#include "places/ui/fair_panel.hpp"

namespace places::ui {

void FairToasts::observe(const net::FairNotice& n, const net::FairView& view, double now) {
    while (!toasts_.empty() && toasts_.front().until <= now) toasts_.pop_front();
    std::string text;
    switch (n.kind) {
        case net::FairNoticeKind::QueuePosition: {
            std::uint16_t& last = positions_[n.key];
            // Once per reaching the front: the relay repeats the position as the wait estimate changes.
            if (n.a == 1 && last != 1) {
                text = "You are next at ";
                text += boothCompany(view, n.key);
            }
            last = n.a;
            break;
        }
        case net::FairNoticeKind::Called:
            positions_.erase(n.key);
            text = "The exhibitor of ";
            text += boothCompany(view, n.key);
            text += " called you: your private talk has begun";
            break;
        case net::FairNoticeKind::Refused:
            text = "Not possible: ";
            text += n.text;
            break;
        default: break;
    }
    if (!text.empty()) toasts_.push_back({std::move(text), now + kToastSeconds});
}

std::vector<std::string> FairToasts::current(double now) const {
    std::vector<std::string> out;
    for (const Toast& t : toasts_)
        if (t.until > now) out.push_back(t.text);
    return out;
}

}  // namespace places::ui
