//! Rows grouped by an owner number (compressed sparse rows): the routing steps of each item, the
//! BOM lines of each parent. A counting sort in two passes, shared by validation (BOM cycles)
//! and the analytics' plan index.

/// Where each owner's rows start: the rows of owner `o` are positions `offsets[o]..offsets[o + 1]`
/// of the grouped order. `owners[row]` is the owner of a row; `None`, or an owner of
/// `owner_count` or more, leaves the row out.
pub fn owner_offsets(owner_count: usize, owners: &[Option<usize>]) -> Vec<usize> {
    let mut offsets = vec![0usize; owner_count + 1];
    for owner in owners.iter().flatten() {
        if let Some(count) = offsets.get_mut(owner + 1) {
            *count += 1;
        }
    }
    let mut running_total = 0;
    for offset in &mut offsets {
        running_total += *offset;
        *offset = running_total;
    }
    offsets
}

/// The row numbers in owner order, each owner's rows in their source order, for the `offsets`
/// that [`owner_offsets`] gave for the same `owners`.
pub fn rows_by_owner(offsets: &[usize], owners: &[Option<usize>]) -> Vec<usize> {
    let mut rows_in_order = vec![0usize; offsets.last().copied().unwrap_or(0)];
    let mut next = offsets.to_vec();
    for (row, owner) in owners.iter().enumerate() {
        let Some(position) = owner.and_then(|owner| next.get_mut(owner)) else {
            continue;
        };
        if let Some(slot) = rows_in_order.get_mut(*position) {
            *slot = row;
            *position += 1;
        }
    }
    rows_in_order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_grouped_by_owner_keeping_their_order_and_strays_left_out() {
        // Owners of rows 0..6: 1, none, 0, 1, 5 (out of range for 3 owners), 0.
        let owners = [Some(1), None, Some(0), Some(1), Some(5), Some(0)];
        let offsets = owner_offsets(3, &owners);
        assert_eq!(offsets, vec![0, 2, 4, 4]);
        assert_eq!(rows_by_owner(&offsets, &owners), vec![2, 5, 0, 3]);
    }
}
