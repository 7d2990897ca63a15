use super::*;
use chrono::TimeZone;

fn at(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + secs, 0).unwrap()
}

fn waiting(id: i64, offer: Option<(&str, i64)>) -> Waiting {
    Waiting {
        session_id: id,
        offered_to: offer.map(|(a, _)| a.to_owned()),
        offered_at: offer.map(|(_, t)| at(t)),
    }
}

fn agent(name: &str, capacity: i64, held: i64, last_offer: Option<i64>) -> Free {
    Free {
        name: name.into(),
        capacity,
        held,
        last_offer: last_offer.map(at),
    }
}

fn offer(session_id: i64, agent: &str) -> Move {
    Move::Offer {
        session_id,
        agent: agent.into(),
    }
}

const TIMEOUT: i64 = 60;

fn run(waiting: &[Waiting], agents: &[Free], now: i64) -> Vec<Move> {
    plan(waiting, agents, at(now), Duration::seconds(TIMEOUT))
}

/// (case, waiting in queue order, online agents, now, expected moves)
type Case = (&'static str, Vec<Waiting>, Vec<Free>, i64, Vec<Move>);

#[test]
fn the_table() {
    let cases: Vec<Case> = vec![
        (
            "nobody online: nothing",
            vec![waiting(1, None)],
            vec![],
            0,
            vec![],
        ),
        (
            "round robin: the agent offered longest ago first, then the next",
            vec![waiting(1, None), waiting(2, None), waiting(3, None)],
            vec![
                agent("ana", 3, 0, Some(-10)),
                agent("ben", 3, 0, Some(-50)),
                agent("cy", 3, 0, None),
            ],
            0,
            vec![offer(1, "cy"), offer(2, "ben"), offer(3, "ana")],
        ),
        (
            "capacity: a full agent gets nothing; the queue's head goes first",
            vec![waiting(7, None), waiting(3, None)],
            vec![agent("ana", 2, 2, None), agent("ben", 1, 0, None)],
            0,
            vec![offer(7, "ben")],
        ),
        (
            "a live offer holds its place and is not repeated",
            vec![waiting(1, Some(("ben", -5))), waiting(2, None)],
            vec![agent("ben", 1, 0, Some(-5)), agent("ana", 1, 0, Some(-100))],
            0,
            vec![offer(2, "ana")],
        ),
        (
            "a lapsed offer goes to someone else",
            vec![waiting(1, Some(("ben", -TIMEOUT - 1)))],
            vec![agent("ben", 3, 0, None), agent("ana", 3, 0, Some(-1))],
            0,
            vec![offer(1, "ana")],
        ),
        (
            "a lapsed offer is renewed when its agent is the only one with room",
            vec![waiting(1, Some(("ben", -TIMEOUT - 1)))],
            vec![
                agent("ben", 3, 0, Some(-TIMEOUT - 1)),
                agent("ana", 1, 1, None),
            ],
            0,
            vec![offer(1, "ben")],
        ),
        (
            "an offer to an agent who went offline moves",
            vec![waiting(1, Some(("gone", -1)))],
            vec![agent("ana", 3, 0, None)],
            0,
            vec![offer(1, "ana")],
        ),
        (
            "an offer to an agent who went offline is withdrawn when nobody has room",
            vec![waiting(1, Some(("gone", -1)))],
            vec![agent("ana", 1, 1, None)],
            0,
            vec![Move::Withdraw { session_id: 1 }],
        ),
        (
            "open offers count against capacity",
            vec![waiting(1, Some(("ana", -1))), waiting(2, None)],
            vec![agent("ana", 1, 0, Some(-1))],
            0,
            vec![],
        ),
    ];
    for (case, waiting, agents, now, expected) in cases {
        assert_eq!(run(&waiting, &agents, now), expected, "{case}");
    }
}

#[test]
fn the_reply_says_when_nobody_is_online() {
    let reply = "I'm bringing in a member of our team to help you. A person will join you shortly.";
    let solo = Staffing::default();
    assert_eq!(handover_reply(reply, &solo), reply, "not team mode");
    let staffed = Staffing {
        team: true,
        online: 2,
        offered_to: Some("ana".into()),
    };
    assert_eq!(handover_reply(reply, &staffed), reply);
    let empty = Staffing {
        team: true,
        online: 0,
        offered_to: None,
    };
    let said = handover_reply(reply, &empty);
    assert!(
        said.starts_with("I'm bringing in a member of our team to help you. Nobody"),
        "{said}"
    );
    assert!(!said.contains("join you shortly"), "{said}");
    assert!(handover_reply("Hello.", &empty).ends_with(NOBODY_ONLINE));
}
