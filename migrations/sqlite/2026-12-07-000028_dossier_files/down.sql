-- Undoes 000028: the link items go back to the nominations' attachments; files are forgotten
-- (their bytes stay in the store).
ALTER TABLE nominations ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]';
UPDATE nominations SET attachments = (
    SELECT json_group_array(json_object('name', i.name, 'media_type', i.media_type, 'size', i.size, 'sha256', i.sha256, 'url', i.url))
    FROM dossier_items i WHERE i.nomination_id = nominations.id AND i.url IS NOT NULL)
WHERE EXISTS (SELECT 1 FROM dossier_items i WHERE i.nomination_id = nominations.id AND i.url IS NOT NULL);
DROP TABLE dossier_items;
DROP TABLE files;
