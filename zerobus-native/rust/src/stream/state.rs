//! Stream life-cycle states; the discriminants are the ordinals of Java's `StreamState`.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum StreamState {
    Creating = 0,
    Open = 1,
    Paused = 2,
    Recovering = 3,
    Failed = 4,
    Closed = 5,
}

impl StreamState {
    pub fn from_u8(value: u8) -> StreamState {
        match value {
            0 => StreamState::Creating,
            1 => StreamState::Open,
            2 => StreamState::Paused,
            3 => StreamState::Recovering,
            4 => StreamState::Failed,
            _ => StreamState::Closed,
        }
    }

    pub fn is_terminal(self) -> bool {
        matches!(self, StreamState::Failed | StreamState::Closed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_match_java() {
        for (state, ordinal) in [
            (StreamState::Creating, 0),
            (StreamState::Open, 1),
            (StreamState::Paused, 2),
            (StreamState::Recovering, 3),
            (StreamState::Failed, 4),
            (StreamState::Closed, 5),
        ] {
            assert_eq!(state as u8, ordinal);
            assert_eq!(StreamState::from_u8(ordinal), state);
        }
        assert!(StreamState::Failed.is_terminal() && StreamState::Closed.is_terminal());
        assert!(!StreamState::Paused.is_terminal());
    }
}
