"""Interface texts and date formats for the two site languages.

Every word the site, the promotion kit and the speakers' notices print that does not come
from the content is here, in Chinese and English; dates and times go through babel so each
language gets its own conventions.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from babel.dates import format_date, format_skeleton

from confsite.model.common import localize
from confsite.model.versions import VersionSession

LOCALES = {"zh": "zh_Hans_CN", "en": "en_GB"}

# key: (zh, en)
_TEXTS: dict[str, tuple[str, str]] = {
    "home": ("首页", "Home"),
    "schedule": ("日程", "Schedule"),
    "sessions": ("全部议题", "All sessions"),
    "speakers": ("讲者", "Speakers"),
    "tracks": ("专题", "Tracks"),
    "venue": ("场地与交通", "Venue & travel"),
    "rooms": ("会场", "Rooms"),
    "sponsors": ("赞助商", "Sponsors"),
    "prospectus": ("赞助方案", "Sponsorship prospectus"),
    "team": ("团队", "Team"),
    "faq": ("常见问题", "FAQ"),
    "cfp": ("征稿与重要日期", "Call for papers & dates"),
    "important_dates": ("重要日期", "Important dates"),
    "news": ("新闻", "News"),
    "after": ("会后：反馈与回顾", "After the event"),
    "about": ("关于", "About"),
    "internal": ("内部（组委会）", "Internal (organisers)"),
    "budget": ("预算", "Budget"),
    "diagnostics": ("议程诊断", "Agenda diagnostics"),
    "checklist": ("检查清单", "Checklist"),
    "keynote_speakers": ("主题演讲嘉宾", "Keynote speakers"),
    "key_figures": ("大会一览", "At a glance"),
    "sessions_count": ("场议题", "sessions"),
    "speakers_count": ("位讲者", "speakers"),
    "tracks_count": ("个专题", "tracks"),
    "rooms_count": ("个会场", "rooms"),
    "days_count": ("天", "days"),
    "all_sessions": ("查看全部议题", "See all sessions"),
    "view_schedule": ("查看日程", "View the schedule"),
    "filter_track": ("专题", "Track"),
    "filter_kind": ("形式", "Format"),
    "filter_level": ("难度", "Level"),
    "filter_language": ("语言", "Language"),
    "filter_all": ("全部", "All"),
    "only_starred": ("只看我的收藏", "Only my sessions"),
    "export_starred": ("导出收藏 (.ics)", "Export starred (.ics)"),
    "star": ("收藏", "Star"),
    "unstar": ("取消收藏", "Unstar"),
    "jump_now": ("跳到现在", "Jump to now"),
    "local_time": ("以我的时区显示", "Show in my time zone"),
    "times_in": ("时间均为", "Times are in"),
    "grid_view": ("网格", "Grid"),
    "list_view": ("列表", "List"),
    "time": ("时间", "Time"),
    "room": ("会场", "Room"),
    "track": ("专题", "Track"),
    "kind": ("形式", "Format"),
    "level": ("难度", "Level"),
    "language": ("语言", "Language"),
    "when": ("时间", "When"),
    "where": ("地点", "Where"),
    "not_scheduled": ("时间待定", "Time to be announced"),
    "unscheduled_note": (
        "以下议题尚未排定时间。",
        "These sessions do not have a time yet.",
    ),
    "cancelled": ("已取消", "Cancelled"),
    "abstract": ("简介", "Abstract"),
    "speaker": ("讲者", "Speaker"),
    "moderators": ("主持", "Moderators"),
    "add_calendar": ("加入日历 (.ics)", "Add to calendar (.ics)"),
    "previous_in_room": ("本会场上一场", "Previous in this room"),
    "next_in_room": ("本会场下一场", "Next in this room"),
    "materials": ("资料", "Materials"),
    "slides": ("幻灯片", "Slides"),
    "video": ("视频", "Video"),
    "recording": ("录音", "Recording"),
    "repository": ("代码仓库", "Repository"),
    "feedback": ("反馈", "Feedback"),
    "give_feedback": ("评价这场议题", "Rate this session"),
    "registration": ("报名", "Registration"),
    "sessions_of": ("议题", "Sessions"),
    "links": ("链接", "Links"),
    "bio": ("简介", "Bio"),
    "capacity": ("座位", "Seats"),
    "floor": ("楼层", "Floor"),
    "features": ("设施", "Facilities"),
    "accessible": ("无障碍", "Step-free access"),
    "map": ("查看地图", "Open the map"),
    "address": ("地址", "Address"),
    "transport": ("交通", "Getting there"),
    "accessibility": ("无障碍与协助", "Accessibility"),
    "hotels": ("推荐酒店", "Hotels"),
    "catering": ("餐饮", "Catering"),
    "dietary": ("饮食需求", "Dietary options"),
    "distance": ("距离", "Distance"),
    "price": ("价格", "Price"),
    "booking_code": ("预订代码", "Booking code"),
    "tier": ("级别", "Tier"),
    "benefits": ("权益", "Benefits"),
    "slots_left": ("剩余名额", "Places left"),
    "sold_out": ("已售罄", "Sold out"),
    "become_sponsor": ("成为赞助商", "Become a sponsor"),
    "contact_us": ("联系我们", "Contact us"),
    "role_chair": ("大会主席", "Chair"),
    "role_organising": ("组织委员会", "Organising committee"),
    "role_programme": ("程序委员会", "Programme committee"),
    "role_volunteer": ("志愿者", "Volunteers"),
    "role_advisor": ("顾问", "Advisors"),
    "other_questions": ("其他问题", "Other questions"),
    "tickets": ("票务", "Tickets"),
    "from_price": ("起", "from"),
    "feed": ("订阅 (Atom)", "Subscribe (Atom)"),
    "feed_ics": ("订阅日历 (.ics)", "Subscribe (.ics)"),
    "feeds": ("订阅与数据", "Feeds and data"),
    "read_more": ("阅读全文", "Read more"),
    "by": ("作者", "By"),
    "published": ("发布于", "Published"),
    "archive": ("往届资料与录像", "Archive and recordings"),
    "photos": ("照片", "Photos"),
    "community": ("社区", "Community"),
    "feedback_closes": ("反馈截止", "Feedback closes"),
    "goals": ("大会目标", "What the conference is for"),
    "audiences": ("面向人群", "Who it is for"),
    "organiser": ("主办方", "Organised by"),
    "no_sessions": ("暂无议题。", "No sessions yet."),
    "minutes": ("分钟", "min"),
    "unknown_room": ("待定", "TBA"),
    "date_kind_cfp_open": ("征稿开启", "Call for papers opens"),
    "date_kind_cfp_close": ("征稿截止", "Call for papers closes"),
    "date_kind_notification": ("录用通知", "Notification"),
    "date_kind_agenda_published": ("公布议程", "Agenda published"),
    "date_kind_early_bird_end": ("早鸟票截止", "Early-bird ends"),
    "date_kind_registration_close": ("报名截止", "Registration closes"),
    "date_kind_conference": ("大会举行", "Conference"),
    "date_kind_other": ("其他", "Other"),
    "kind_keynote": ("主题演讲", "Keynote"),
    "kind_ceremony": ("仪式", "Ceremony"),
    "kind_talk": ("技术演讲", "Talk"),
    "kind_workshop": ("工作坊", "Workshop"),
    "kind_case_study": ("行业案例", "Case study"),
    "kind_panel": ("圆桌讨论", "Round table"),
    "kind_competition": ("开发者大赛", "Competition"),
    "kind_lightning": ("闪电演讲", "Lightning talks"),
    "kind_break": ("休息", "Break"),
    "kind_social": ("社交活动", "Social"),
    "level_beginner": ("入门", "Beginner"),
    "level_intermediate": ("进阶", "Intermediate"),
    "level_advanced": ("高级", "Advanced"),
    "level_all": ("所有人", "Everyone"),
    "lang_zh": ("中文", "Chinese"),
    "lang_en": ("英文", "English"),
    "language_name": ("中文", "English"),
    "budget_private": (
        "本页仅供组委会内部使用，公开网站中不包含此页。",
        "This page is for organisers only; the public site never contains it.",
    ),
    "line_item": ("项目", "Item"),
    "amount": ("金额", "Amount"),
    "term": ("指标", "Term"),
    "value": ("数值", "Value"),
    "weighted": ("加权", "Weighted"),
    "done": ("完成", "Done"),
    "meal_breakfast": ("早餐", "Breakfast"),
    "meal_coffee": ("茶歇", "Coffee"),
    "meal_lunch": ("午餐", "Lunch"),
    "meal_dinner": ("晚餐", "Dinner"),
    "meal_reception": ("招待酒会", "Reception"),
    "meal_snacks": ("小食", "Snacks"),
    "missing": ("待补充", "Missing"),
    "check_times": ("每场议题都有时间和会场", "Every session has a time and room"),
    "check_abstracts": ("每场议题都有简介", "Every session has an abstract"),
    "check_photos": ("每位讲者都有照片", "Every speaker has a photo"),
    "check_bios": ("每位讲者都有简介", "Every speaker has a bio"),
    "check_speaker_sessions": ("每位讲者都有议题", "Every speaker has a session"),
    "check_feedback": ("已提供会后反馈问卷链接", "A feedback survey is linked"),
    "check_tickets": ("已提供购票链接", "Tickets can be bought"),
    "check_contact": ("已提供公开联系邮箱", "A public contact address is given"),
    "status": ("状态", "Status"),
    "violations": ("违反的规则", "Rules broken"),
    "no_violations": ("议程遵守全部规则。", "The agenda keeps every rule."),
    "no_budget": ("没有 budget.yaml。", "There is no budget.yaml."),
    "funds": ("自有资金", "Own funds"),
    "venue_options": ("场地方案", "Venue options"),
    "costs": ("固定成本", "Fixed costs"),
    "ticket_tiers": ("票种", "Ticket tiers"),
    "per_day": ("每天", "per day"),
    "changes": ("日程变更", "Schedule changes"),
    "changes_intro": (
        "每次日程调整都会发布一个新版本。已经把议题加入日历的朋友：订阅的日历会自动更新。",
        "Each change to the agenda is published as a new version. Calendars you subscribed "
        "to update by themselves.",
    ),
    "changes_feed": ("订阅日程变更（Atom）", "Follow the changes (Atom feed)"),
    "version": ("版本", "Version"),
    "first_version": ("首次发布日程", "First published agenda"),
    "changed": ("有调整", "Changed"),
    "changed_moved": ("时间或会场调整", "Moved"),
    "changed_added": ("新增", "Added"),
    "changed_cancelled": ("取消", "Cancelled"),
    "changed_renamed": ("标题变更", "Renamed"),
    "changed_speakers": ("讲者变更", "Speakers changed"),
    "withdrawn_note": (
        "本场次已取消。以下是它原定的时间和地点。",
        "This session has been cancelled. It was planned as below.",
    ),
    "was_planned": ("原定", "Was planned for"),
    "promo_speaking_at": ("我将在 {conference} 演讲", "I'm speaking at {conference}"),
    "promo_more": ("另有 {count} 场", "and {count} more"),
    "promo_scan_schedule": ("扫码查看实时日程", "Scan for the live schedule"),
    "promo_scan_tickets": ("扫码购票", "Scan for tickets"),
    "promo_scan_feedback": ("扫码填写反馈", "Scan to give feedback"),
    "promo_kit": ("宣传资料包", "Promotion kit"),
    "promo_intro": (
        "讲者、赞助商、合作媒体和志愿者可以直接使用这里的图片和文案宣传大会。"
        "所有内容随议程自动更新。",
        "Speakers, sponsors, media partners and volunteers: use these cards and texts to "
        "spread the word. Everything here follows the agenda as it changes.",
    ),
    "promo_download": ("下载全部资料（zip）", "Download the whole kit (zip)"),
    "promo_files": ("资料", "Files"),
    "promo_press_release": ("新闻稿", "Press release"),
    "promo_poster": ("A3 海报（PDF）", "A3 poster (PDF)"),
    "promo_agenda_poster": ("A4 议程（PDF）", "A4 agenda (PDF)"),
    "promo_campaign_calendar": ("宣传日历（.ics）", "Campaign calendar (.ics)"),
    "promo_qr": ("二维码", "QR code"),
    "promo_campaign": ("宣传计划", "Campaign"),
    "promo_date": ("日期", "Date"),
    "promo_what": ("内容", "What"),
    "promo_channels": ("渠道", "Channels"),
    "promo_posts": ("文案", "Posts"),
    "promo_posts_intro": (
        "每个渠道、每个宣传节点和每场议题都有一篇按渠道字数规则写好的文案。",
        "Every channel has a post for each announcement and each session, within the "
        "channel's length as it counts it.",
    ),
    "promo_speaker_kits": ("讲者宣传包", "Speaker kits"),
    "promo_speaker_kits_intro": (
        "每位讲者的分享图、现成文案和胸牌文字。",
        "Each speaker's cards, ready-made posts and badge text.",
    ),
    "promo_badge": ("胸牌", "Badge"),
    "promo_spend": ("付费推广（预算计划）", "Paid promotion (budget plan)"),
    "promo_spend_intro": (
        "仅组委会可见：预算计划为每个渠道分配的推广费用。",
        "Organisers only: what the budget plan spends on each channel.",
    ),
    "promo_announce_cfp": ("征稿", "Call for proposals"),
    "promo_announce_keynote_reveal": ("主题演讲嘉宾公布", "Keynote reveal"),
    "promo_announce_session": ("议题推荐", "Session spotlight"),
    "promo_announce_agenda_published": ("议程发布", "Agenda published"),
    "promo_announce_tickets": ("开放购票", "Tickets on sale"),
    "promo_announce_early_bird": ("早鸟票截止提醒", "Early bird ending"),
    "promo_announce_last_call": ("最后报名提醒", "Last call"),
    "promo_announce_day_of": ("大会当天", "On the day"),
    "promo_announce_thank_you": ("致谢", "Thank you"),
    "promo_announce_feedback": ("会后问卷", "Feedback survey"),
    "promo_announce_custom": ("其他", "Other"),
    "promo_announce_change": ("日程调整", "Schedule change"),
}


class Texts:
    """The interface texts of one language, read as attributes in templates: ``t.schedule``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        index = 0 if lang == "zh" else 1
        self._texts = {key: pair[index] for key, pair in _TEXTS.items()}

    def __getattr__(self, key: str) -> str:
        try:
            return self.__dict__["_texts"][key]
        except KeyError:
            raise AttributeError(f"no interface text {key!r}") from None

    def __getitem__(self, key: str) -> str:
        return self._texts[key]

    def as_dict(self) -> dict[str, str]:
        return dict(self._texts)


def long_date(day: date, lang: str) -> str:
    """18 June 2027 / 2027年6月18日."""
    return format_date(day, format="long", locale=LOCALES[lang])


def day_label(day: date, lang: str) -> str:
    """Fri 18 Jun / 6月18日周五."""
    return format_skeleton("MMMEd", day, locale=LOCALES[lang])


def place_label(entry: VersionSession, lang: str) -> str:
    """Where and when a schedule version had a session: 'Fri 18 Jun 09:00–09:40 · Hall A'
    (for the changelog, the cancelled-session pages and the speakers' notices)."""
    end = (datetime.combine(entry.date, entry.start) + timedelta(minutes=entry.length)).time()
    return (
        f"{day_label(entry.date, lang)} {clock(entry.start, lang)}–{clock(end, lang)} · "
        f"{localize(entry.room_name, lang)}"
    )


def clock(moment: time, lang: str) -> str:
    """A 24-hour time of day, as both languages write it at conferences: 09:05. (babel's
    HH:mm gives the same in zh and en, at a hundred times the cost on big agendas.)"""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def date_range(start: date, end: date, lang: str) -> str:
    """18–19 June 2027 / 2027年6月18日至19日."""
    from babel.dates import format_interval

    if start == end:
        return long_date(start, lang)
    return format_interval(start, end, skeleton="yMMMMd", locale=LOCALES[lang])
